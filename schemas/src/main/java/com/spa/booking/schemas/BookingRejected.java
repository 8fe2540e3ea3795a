package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's command was rejected. A payment service uses it to void a payment taken for a confirm that did not
 * happen. {@code booking} is the booking as it stands, or as requested if it never existed (status null).
 */
public record BookingRejected(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking,
		String commandType, Rejection rejection) implements BookingEvent {

	public BookingRejected {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
		Objects.requireNonNull(commandType, "commandType");
		Objects.requireNonNull(rejection, "rejection");
	}
}
