package com.spa.booking.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Objects;

/**
 * The spa's clock: its time zone and its slot grid. Working hours are local times; bookings are instants. This is the
 * one place where the two meet, so that the worker (which enforces the rules) and the gateway (which checks changes
 * to working hours) agree to the minute, across daylight-saving changes too.
 *
 * <p>A local time that does not exist (in the hour skipped in spring) is moved forward by the length of the gap; a
 * local time that exists twice (in the hour repeated in autumn) means its first occurrence. Durations are real
 * elapsed time: a 60-minute treatment starting at 01:30 on the spring-forward night ends at 03:30 local time.
 */
public record SpaCalendar(ZoneId zone, Duration slot) {

	public SpaCalendar {
		Objects.requireNonNull(zone, "zone");
		Objects.requireNonNull(slot, "slot");
		if (slot.isNegative() || slot.isZero() || Duration.ofDays(1).toMinutes() % slot.toMinutes() != 0
				|| slot.toSecondsPart() != 0) {
			throw new IllegalArgumentException("The slot must be whole minutes dividing a day: " + slot);
		}
	}

	/** Starts lie on the grid of local wall-clock times: with 15-minute slots, at :00, :15, :30 and :45. */
	public boolean onSlotGrid(Instant start) {
		LocalDateTime local = LocalDateTime.ofInstant(start, zone);
		long minuteOfDay = local.getHour() * 60L + local.getMinute();
		return local.getSecond() == 0 && local.getNano() == 0 && minuteOfDay % slot.toMinutes() == 0;
	}

	public LocalDate localDate(Instant instant) {
		return LocalDate.ofInstant(instant, zone);
	}

	/**
	 * Whether {@code [from, until)} lies entirely inside one of the intervals worked on the local day of {@code from}.
	 * An interval that runs to midnight goes on into one that starts at 00:00 the next day: a therapist who works
	 * through the night can treat through it.
	 */
	public boolean withinWorkingHours(Collection<WorkingInterval> week, Instant from, Instant until) {
		LocalDate day = localDate(from);
		for (WorkingInterval interval : week) {
			if (interval.day() != day.getDayOfWeek()) {
				continue;
			}
			Instant end = end(day, interval);
			if (!from.isBefore(start(day, interval)) && from.isBefore(end)) {
				return !until.isAfter(end) || (interval.untilMidnight() && withinWorkingHours(week, end, until));
			}
		}
		return false;
	}

	public Instant start(LocalDate day, WorkingInterval interval) {
		return at(day.atTime(interval.start()));
	}

	public Instant end(LocalDate day, WorkingInterval interval) {
		return interval.untilMidnight() ? startOfDay(day.plusDays(1)) : at(day.atTime(interval.end()));
	}

	public Instant startOfDay(LocalDate day) {
		return day.atStartOfDay(zone).toInstant();
	}

	private Instant at(LocalDateTime local) {
		return ZonedDateTime.ofLocal(local, zone, null).toInstant();
	}
}
