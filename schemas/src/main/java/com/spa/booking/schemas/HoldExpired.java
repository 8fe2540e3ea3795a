package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A hold ran out unconfirmed; its time is free again. */
public record HoldExpired(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking) implements BookingEvent {

	public HoldExpired {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
	}
}
