package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A confirmed booking was cancelled; its time is free again. */
public record BookingCancelled(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking) implements BookingEvent {

	public BookingCancelled {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
	}
}
