package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A confirmed booking moved: {@code booking} is its new state; the previous time, therapist and room are freed.
 */
public record BookingRescheduled(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking,
		Instant previousStart, Instant previousEnd, UUID previousTherapistId, UUID previousRoomId) implements BookingEvent {

	public BookingRescheduled {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
		Objects.requireNonNull(previousStart, "previousStart");
		Objects.requireNonNull(previousEnd, "previousEnd");
		Objects.requireNonNull(previousTherapistId, "previousTherapistId");
	}
}
