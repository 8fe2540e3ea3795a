package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The hold became a booking: what payment services wait for.
 *
 * @param deposit what to take now, from the booking's frozen policy; null for a booking held before prices were recorded
 */
public record BookingConfirmed(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking,
		Price deposit) implements BookingEvent {

	/** Without a deposit. */
	public BookingConfirmed(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking) {
		this(eventId, occurredAt, requestId, booking, null);
	}

	public BookingConfirmed {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
	}
}
