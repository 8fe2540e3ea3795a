package com.spa.booking.calendar;

import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class AvailabilityTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final LocalDate MONDAY_IN_JUNE = LocalDate.of(2030, 6, 3);

	final SpaCalendar calendar = new SpaCalendar(BERLIN, Duration.ofMinutes(15));

	final Availability hourWithQuarterBuffer = new Availability(calendar, Duration.ofMinutes(60), Duration.ofMinutes(15));

	final List<WorkingInterval> morning = List.of(WorkingInterval.of(MONDAY, LocalTime.of(9, 0), LocalTime.of(12, 0)));

	static Instant local(String time) {
		return MONDAY_IN_JUNE.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant();
	}

	static Span span(String from, String to) {
		return new Span(local(from), local(to));
	}

	Availability.Obstacles only(List<WorkingInterval> week) {
		return new Availability.Obstacles(week, List.of(), List.of(), null, List.of());
	}

	@Test
	void anEmptyMorningOffersEveryQuarterWhoseTreatmentAndBufferFit() {
		List<Instant> starts = hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, only(morning), Instant.EPOCH);

		// 09:00 .. 10:45: a start at 10:45 ends with its buffer at 12:00
		assertThat(starts).hasSize(8).startsWith(local("09:00")).endsWith(local("10:45"));
	}

	@Test
	void aBookingTakesItsTimeAndItsBufferOutButTheCustomerIsFreeDuringTheBuffer() {
		var busy = new Availability.Obstacles(morning, List.of(span("09:00", "10:15")), List.of(), null, List.of());

		assertThat(hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, busy, Instant.EPOCH))
			.containsExactly(local("10:15"), local("10:30"), local("10:45"));

		var customerBusy = new Availability.Obstacles(morning, List.of(), List.of(), null, List.of(span("08:00", "09:30")));
		assertThat(hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, customerBusy, Instant.EPOCH)).first()
			.isEqualTo(local("09:30"));
	}

	@Test
	void oneFreeRoomOfTheTypeIsEnough() {
		var oneRoomTaken = new Availability.Obstacles(morning, List.of(), List.of(),
				List.of(List.of(span("09:00", "12:00")), List.of()), List.of());
		var allRoomsTaken = new Availability.Obstacles(morning, List.of(), List.of(),
				List.of(List.of(span("09:00", "12:00")), List.of(span("09:00", "10:00"))), List.of());

		assertThat(hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, oneRoomTaken, Instant.EPOCH)).hasSize(8);
		assertThat(hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, allRoomsTaken, Instant.EPOCH))
			.containsExactly(local("10:00"), local("10:15"), local("10:30"), local("10:45"));
	}

	@Test
	void timeOffAndThePastAreNotOffered() {
		var away = new Availability.Obstacles(morning, List.of(), List.of(span("10:15", "11:00")), null, List.of());

		assertThat(hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, away, Instant.EPOCH)).containsExactly(local("09:00"));
		assertThat(hourWithQuarterBuffer.freeStarts(MONDAY_IN_JUNE, only(morning), local("10:20")))
			.containsExactly(local("10:30"), local("10:45"));
	}

	@Test
	void theSpringForwardDayHasNoStartsInTheSkippedHour() {
		LocalDate night = LocalDate.of(2027, 3, 28);
		var allDay = List.of(WorkingInterval.of(night.getDayOfWeek(), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
		var quarter = new Availability(calendar, Duration.ofMinutes(15), Duration.ZERO);

		List<Instant> starts = quarter.freeStarts(night, only(allDay), Instant.EPOCH);

		assertThat(starts).hasSize(23 * 4);
		assertThat(starts).extracting(start -> start.atZone(BERLIN).toLocalTime())
			.contains(LocalTime.of(1, 45), LocalTime.of(3, 0))
			.doesNotContain(LocalTime.of(2, 0), LocalTime.of(2, 30));
	}

	@Test
	void theFallBackDayOffersTheRepeatedHourTwice() {
		LocalDate night = LocalDate.of(2027, 10, 31);
		var allDay = List.of(WorkingInterval.of(night.getDayOfWeek(), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
		var quarter = new Availability(calendar, Duration.ofMinutes(15), Duration.ZERO);

		List<Instant> starts = quarter.freeStarts(night, only(allDay), Instant.EPOCH);

		assertThat(starts).hasSize(25 * 4);
		assertThat(starts).extracting(start -> start.atZone(BERLIN).toLocalTime())
			.filteredOn(time -> time.equals(LocalTime.of(2, 30)))
			.hasSize(2);
	}
}
