package com.spa.booking.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Whatever the hours and bookings, a free start keeps every rule, and every start keeping every rule is free. Random
 * cases from a fixed seed per repetition, so a failure names the repetition that reproduces it; more cases with
 * {@code -Dproperty.tries=N}.
 */
class AvailabilityPropertyTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	/** Around both daylight-saving changes of 2027, and ordinary days. */
	static final List<LocalDate> DAYS = List.of(LocalDate.of(2027, 3, 28), LocalDate.of(2027, 10, 31),
			LocalDate.of(2027, 6, 7), LocalDate.of(2027, 12, 24));

	final SpaCalendar calendar = new SpaCalendar(BERLIN, Duration.ofMinutes(15));

	@RepeatedTest(20)
	void freeStartsAreExactlyTheStartsThatKeepEveryRule(RepetitionInfo repetition) {
		Random random = new Random(repetition.getCurrentRepetition());
		for (int i = 0; i < Integer.getInteger("property.tries", 15); i++) {
			checkOneCase(random);
		}
	}

	private void checkOneCase(Random random) {
		LocalDate day = DAYS.get(random.nextInt(DAYS.size()));
		var availability = new Availability(calendar, Duration.ofMinutes(15L * (1 + random.nextInt(12))),
				Duration.ofMinutes(15L * random.nextInt(5)));
		List<WorkingInterval> week = week(random, day.getDayOfWeek());
		Instant midnight = calendar.startOfDay(day);
		List<Span> busy = new ArrayList<>();
		for (int i = random.nextInt(6); i > 0; i--) {
			Instant from = midnight.plus(Duration.ofMinutes(15L * random.nextInt(96)));
			busy.add(new Span(from, from.plus(Duration.ofMinutes(15L * (1 + random.nextInt(8))))));
		}
		var obstacles = new Availability.Obstacles(week, busy, List.of(), null, List.of());

		List<Instant> free = availability.freeStarts(day, obstacles, Instant.EPOCH);

		for (Instant start = midnight; start.isBefore(calendar.startOfDay(day.plusDays(1))); start = start.plusSeconds(300)) {
			Instant end = start.plus(availability.treatment()).plus(availability.buffer());
			Span blocked = new Span(start, end);
			boolean keepsEveryRule = calendar.onSlotGrid(start) && calendar.withinWorkingHours(week, start, end)
					&& busy.stream().noneMatch(blocked::overlaps);
			assertThat(free.contains(start)).as("%s with %s and %s", start.atZone(BERLIN), week, busy)
				.isEqualTo(keepsEveryRule);
		}
	}

	/** Up to four intervals on the day, some until midnight, none overlapping; sometimes one on another day. */
	private static List<WorkingInterval> week(Random random, DayOfWeek day) {
		List<WorkingInterval> week = new ArrayList<>();
		for (int i = random.nextInt(5); i > 0; i--) {
			int from = random.nextInt(95);
			int to = from + 1 + random.nextInt(96 - from);
			DayOfWeek on = random.nextInt(5) == 0 ? day.plus(1) : day;
			WorkingInterval interval = WorkingInterval.of(on, LocalTime.MIDNIGHT.plusMinutes(15L * from),
					to == 96 ? LocalTime.MIDNIGHT : LocalTime.MIDNIGHT.plusMinutes(15L * to));
			if (week.stream().noneMatch(interval::overlaps)) {
				week.add(interval);
			}
		}
		return week;
	}
}
