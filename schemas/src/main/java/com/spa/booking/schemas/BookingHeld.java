package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The therapist's time is held for the customer until {@code booking.holdExpiresAt}. */
public record BookingHeld(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking) implements BookingEvent {

	public BookingHeld {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
	}
}
