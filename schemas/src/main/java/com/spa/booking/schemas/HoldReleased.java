package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A hold was given up before it was confirmed; its time is free again. */
public record HoldReleased(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking) implements BookingEvent {

	public HoldReleased {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
	}
}
