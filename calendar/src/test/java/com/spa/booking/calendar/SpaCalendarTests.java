package com.spa.booking.calendar;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class SpaCalendarTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	final SpaCalendar calendar = new SpaCalendar(BERLIN, Duration.ofMinutes(15));

	/** Monday 09:00-13:00 and 14:00-18:00, with a lunch break. */
	final List<WorkingInterval> mondays = List.of(WorkingInterval.of(MONDAY, LocalTime.of(9, 0), LocalTime.of(13, 0)),
			WorkingInterval.of(MONDAY, LocalTime.of(14, 0), LocalTime.of(18, 0)));

	static Instant at(String offsetDateTime) {
		return OffsetDateTime.parse(offsetDateTime).toInstant();
	}

	@Test
	void startsMustLieOnTheLocalSlotGrid() {
		assertThat(calendar.onSlotGrid(at("2030-06-03T10:15:00+02:00"))).isTrue();
		assertThat(calendar.onSlotGrid(at("2030-06-03T10:20:00+02:00"))).isFalse();
		assertThat(calendar.onSlotGrid(at("2030-06-03T10:15:30+02:00"))).isFalse();
		// India is 5:30 ahead of UTC: the grid is the spa's, not UTC's
		assertThat(new SpaCalendar(ZoneId.of("Asia/Kolkata"), Duration.ofMinutes(60)).onSlotGrid(at("2030-06-03T10:00:00+05:30")))
			.isTrue();
	}

	@Test
	void aTreatmentMustFitInsideOneWorkingIntervalOfItsDay() {
		assertThat(calendar.withinWorkingHours(mondays, at("2030-06-03T09:00:00+02:00"), at("2030-06-03T10:15:00+02:00")))
			.isTrue();
		assertThat(calendar.withinWorkingHours(mondays, at("2030-06-03T12:00:00+02:00"), at("2030-06-03T13:00:00+02:00")))
			.isTrue();
		// across the lunch break
		assertThat(calendar.withinWorkingHours(mondays, at("2030-06-03T12:30:00+02:00"), at("2030-06-03T13:30:00+02:00")))
			.isFalse();
		assertThat(calendar.withinWorkingHours(mondays, at("2030-06-03T08:45:00+02:00"), at("2030-06-03T09:45:00+02:00")))
			.isFalse();
		// a Tuesday
		assertThat(calendar.withinWorkingHours(mondays, at("2030-06-04T10:00:00+02:00"), at("2030-06-04T11:00:00+02:00")))
			.isFalse();
	}

	@Test
	void anIntervalUntilMidnightEndsAtTheStartOfTheNextDay() {
		var lateSunday = List.of(WorkingInterval.of(SUNDAY, LocalTime.of(20, 0), LocalTime.MIDNIGHT));

		assertThat(lateSunday.get(0).untilMidnight()).isTrue();
		assertThat(WorkingInterval.of(SUNDAY, LocalTime.of(20, 0), LocalTime.MAX)).isEqualTo(lateSunday.get(0));
		assertThat(calendar.withinWorkingHours(lateSunday, at("2030-06-02T23:00:00+02:00"), at("2030-06-03T00:00:00+02:00")))
			.isTrue();
		assertThat(calendar.withinWorkingHours(lateSunday, at("2030-06-02T23:30:00+02:00"), at("2030-06-03T00:30:00+02:00")))
			.isFalse();
	}

	@Test
	void aTreatmentRunsPastMidnightOnlyIntoHoursThatStartAtMidnight() {
		var throughTheNight = List.of(WorkingInterval.of(SUNDAY, LocalTime.of(20, 0), LocalTime.MIDNIGHT),
				WorkingInterval.of(MONDAY, LocalTime.MIDNIGHT, LocalTime.of(2, 0)));
		var lateStart = List.of(WorkingInterval.of(SUNDAY, LocalTime.of(20, 0), LocalTime.MIDNIGHT),
				WorkingInterval.of(MONDAY, LocalTime.of(0, 15), LocalTime.of(2, 0)));

		assertThat(calendar.withinWorkingHours(throughTheNight, at("2030-06-02T23:30:00+02:00"), at("2030-06-03T00:30:00+02:00")))
			.isTrue();
		assertThat(calendar.withinWorkingHours(throughTheNight, at("2030-06-02T23:30:00+02:00"), at("2030-06-03T02:30:00+02:00")))
			.isFalse();
		assertThat(calendar.withinWorkingHours(lateStart, at("2030-06-02T23:30:00+02:00"), at("2030-06-03T00:30:00+02:00")))
			.isFalse();
	}

	@Test
	void onTheSpringForwardNightAnHourTreatmentFromHalfPastOneEndsAtHalfPastThreeLocalTime() {
		// 2027-03-28: at 02:00 the clocks in Berlin jump to 03:00
		LocalDate night = LocalDate.of(2027, 3, 28);
		var allNight = List.of(WorkingInterval.of(night.getDayOfWeek(), LocalTime.MIDNIGHT, LocalTime.of(4, 0)));
		Instant start = at("2027-03-28T01:30:00+01:00");
		Instant end = start.plus(Duration.ofMinutes(60));

		assertThat(end.atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
		assertThat(calendar.withinWorkingHours(allNight, start, end)).isTrue();
		// the interval ends at 04:00 local, which is only two real hours after 01:00
		assertThat(calendar.end(night, allNight.get(0))).isEqualTo(at("2027-03-28T04:00:00+02:00"));
		assertThat(calendar.withinWorkingHours(allNight, start, start.plus(Duration.ofMinutes(120)))).isFalse();
	}

	@Test
	void onTheFallBackNightHalfPastOneHappensOnceAndTheRepeatedHourCountsInRealTime() {
		// 2027-10-31: at 03:00 the clocks in Berlin go back to 02:00
		LocalDate night = LocalDate.of(2027, 10, 31);
		var untilThree = List.of(WorkingInterval.of(night.getDayOfWeek(), LocalTime.MIDNIGHT, LocalTime.of(3, 0)));
		Instant start = at("2027-10-31T01:30:00+02:00");

		assertThat(start.plus(Duration.ofMinutes(60)).atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(2, 30));
		// 00:00 to 03:00 local is four real hours that night
		assertThat(Duration.between(calendar.start(night, untilThree.get(0)), calendar.end(night, untilThree.get(0))))
			.isEqualTo(Duration.ofHours(4));
		assertThat(calendar.withinWorkingHours(untilThree, start, start.plus(Duration.ofMinutes(150)))).isTrue();
		// the second 02:30 (winter time) is on the grid too
		assertThat(calendar.onSlotGrid(at("2027-10-31T02:30:00+01:00"))).isTrue();
	}

	@Test
	void aDayIsTwentyThreeOrTwentyFiveHoursLongOnTheNightsTheClocksChange() {
		assertThat(Duration.between(calendar.startOfDay(LocalDate.of(2027, 3, 28)), calendar.startOfDay(LocalDate.of(2027, 3, 29))))
			.isEqualTo(Duration.ofHours(23));
		assertThat(Duration.between(calendar.startOfDay(LocalDate.of(2027, 10, 31)), calendar.startOfDay(LocalDate.of(2027, 11, 1))))
			.isEqualTo(Duration.ofHours(25));
	}

	@Test
	void intervalsOfOneDayOverlapOnlyIfTheyShareTime() {
		assertThat(mondays.get(0).overlaps(mondays.get(1))).isFalse();
		assertThat(mondays.get(0).overlaps(WorkingInterval.of(MONDAY, LocalTime.of(12, 45), LocalTime.of(14, 0)))).isTrue();
		assertThat(mondays.get(0).overlaps(WorkingInterval.of(SUNDAY, LocalTime.of(9, 0), LocalTime.of(13, 0)))).isFalse();
	}

	@Test
	void aSlotMustDivideTheDayAndAnIntervalMustEndAfterItStarts() {
		assertThatThrownBy(() -> new SpaCalendar(BERLIN, Duration.ofMinutes(7))).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> WorkingInterval.of(MONDAY, LocalTime.of(10, 0), LocalTime.of(9, 0)))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
