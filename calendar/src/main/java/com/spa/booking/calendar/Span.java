package com.spa.booking.calendar;

import java.time.Instant;
import java.util.Objects;

/** A half-open stretch of time, {@code [start, end)}. */
public record Span(Instant start, Instant end) {

	public Span {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
		if (!end.isAfter(start)) {
			throw new IllegalArgumentException("A span must end after it starts: " + start + " " + end);
		}
	}

	public boolean overlaps(Span other) {
		return start.isBefore(other.end) && other.start.isBefore(end);
	}
}
