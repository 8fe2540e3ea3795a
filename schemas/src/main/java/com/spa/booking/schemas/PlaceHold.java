package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Holds a therapist's time for a customer and a service. The booking ID is chosen by the issuer so that a
 * redelivered command can never create a second booking.
 */
public record PlaceHold(
		UUID requestId,
		Instant requestedAt,
		UUID bookingId,
		UUID customerId,
		UUID therapistId,
		UUID serviceId,
		Instant start) implements BookingCommand {

	/** A new request to hold: a request ID and a booking ID of its own. */
	public static PlaceHold requested(UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant requestedAt) {
		return new PlaceHold(UUID.randomUUID(), requestedAt, UUID.randomUUID(), customerId, therapistId, serviceId, start);
	}

	@Override
	public String fingerprint() {
		return String.join("|", type(), customerId.toString(), therapistId.toString(), serviceId.toString(),
				start.toString());
	}

	public PlaceHold {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(customerId, "customerId");
		Objects.requireNonNull(therapistId, "therapistId");
		Objects.requireNonNull(serviceId, "serviceId");
		Objects.requireNonNull(start, "start");
	}
}
