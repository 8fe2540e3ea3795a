package com.spa.booking.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * Part of a therapist's working week, in the spa's local time: {@code [start, end)} on one day of the week. Several
 * intervals on one day leave breaks between them.
 *
 * @param end {@code null} is not allowed; use {@link #END_OF_DAY} for "until midnight"
 */
public record WorkingInterval(DayOfWeek day, LocalTime start, LocalTime end, boolean untilMidnight) {

	/** Marks an interval that runs to the end of the day (24:00), which {@link LocalTime} cannot express. */
	public static final LocalTime END_OF_DAY = LocalTime.MIDNIGHT;

	public WorkingInterval {
		Objects.requireNonNull(day, "day");
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
		if (untilMidnight ? !end.equals(END_OF_DAY) : !end.isAfter(start)) {
			throw new IllegalArgumentException("An interval must end after it starts: " + start + "-" + end);
		}
	}

	/**
	 * {@code end} of 00:00 means "until midnight", and so does 23:59:59.999999999, which is how the PostgreSQL driver
	 * reads the {@code time} 24:00.
	 */
	public static WorkingInterval of(DayOfWeek day, LocalTime start, LocalTime end) {
		boolean untilMidnight = end.equals(END_OF_DAY) || end.equals(LocalTime.MAX);
		return new WorkingInterval(day, start, untilMidnight ? END_OF_DAY : end, untilMidnight);
	}

	public boolean overlaps(WorkingInterval other) {
		return day == other.day && start.isBefore(other.endOrMax()) && other.start.isBefore(endOrMax());
	}

	private LocalTime endOrMax() {
		return untilMidnight ? LocalTime.MAX : end;
	}
}
