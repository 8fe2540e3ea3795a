package com.spa.booking.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A fee is due: what a payment service charges, once. A booking is charged at most one fee of each kind, so the event
 * ID is derived from the booking and the kind ({@link #eventIdOf}): however often it is delivered, and even if it were
 * ever produced twice, a consumer that de-duplicates by event ID charges it once. The booking carries the frozen policy
 * the fee comes from.
 *
 * @param fee the amount due, in the booking's currency
 */
public record FeeCharged(UUID eventId, Instant occurredAt, UUID requestId, BookingSnapshot booking, FeeKind kind,
		Price fee) implements BookingEvent {

	public FeeCharged {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(booking, "booking");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(fee, "fee");
	}

	/** The one event ID of a booking's fee of a kind (a name-based UUID). */
	public static UUID eventIdOf(UUID bookingId, FeeKind kind) {
		return UUID.nameUUIDFromBytes(("FeeCharged|" + bookingId + "|" + kind).getBytes(StandardCharsets.UTF_8));
	}
}
