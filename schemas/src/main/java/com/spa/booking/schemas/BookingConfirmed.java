package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The hold became a booking: what payment services wait for. */
public record BookingConfirmed(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking) implements BookingEvent {

	public BookingConfirmed {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
	}
}
