package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Marks a confirmed booking COMPLETED, from its start on: the front desk's. */
public record CompleteBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId) implements BookingCommand {

	public CompleteBooking {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
