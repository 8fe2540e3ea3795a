package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Cancels a booking: a held one becomes RELEASED, a confirmed one CANCELLED.
 */
public record CancelBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId) implements BookingCommand {

	public CancelBooking {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
