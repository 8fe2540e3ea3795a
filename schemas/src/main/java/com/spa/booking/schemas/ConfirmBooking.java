package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns a hold into a confirmed booking (typically once payment succeeded).
 */
public record ConfirmBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId) implements BookingCommand {

	public ConfirmBooking {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
