package com.spa.booking.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import com.spa.booking.gateway.web.Problems.FieldError;

/**
 * The instants the API takes. None outside the years 2000 to 2199 gets past the gateway: every one of those the
 * database can store and the calendar can reckon with, and no spa means any other. Starts of treatments are bounded
 * more tightly, by now and the booking horizon.
 */
public final class Instants {

	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	private Instants() {
	}

	public static Optional<FieldError> outOfRange(String field, Instant instant) {
		return instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)
				? Optional.of(new FieldError(field, "must lie between " + EARLIEST + " and " + LATEST))
				: Optional.empty();
	}

	public static Optional<FieldError> outOfRange(String field, LocalDate day) {
		return outOfRange(field, day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

	/** A treatment's start: in the future, and no further ahead than the spa books. */
	public static Optional<FieldError> unbookable(String field, Instant start, Instant now, Duration horizon) {
		if (!start.isAfter(now)) {
			return Optional.of(new FieldError(field, "must be in the future"));
		}
		if (start.isAfter(now.plus(horizon))) {
			return Optional.of(new FieldError(field, "must be at most " + horizon.toDays() + " days ahead"));
		}
		return Optional.empty();
	}
}
