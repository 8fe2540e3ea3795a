package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Issued by the worker's expiry timer, on the therapist's own partition, once a hold's time has run out.
 */
public record ExpireHold(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId) implements BookingCommand {

	public ExpireHold {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
