package com.spa.booking.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A whole session was confirmed: what a payment service charges once, for {@code total}. Each item is announced as a
 * {@link BookingConfirmed} as well (keyed by its booking, so in no fixed order with this one, keyed by the session).
 *
 * @param total the sum of the items' prices; null if an item has no price (held before prices were recorded)
 * @param deposit what to take now for the whole session: the sum of the items' deposits, each from its frozen policy
 * (as each item's {@link BookingConfirmed#deposit()}); null if an item has no price
 */
public record SessionConfirmed(UUID eventId, Instant occurredAt, UUID requestId, UUID sessionId, UUID customerId,
		List<BookingSnapshot> items, Price total, Price deposit) implements SpaEvent {

	public SessionConfirmed {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(customerId, "customerId");
		items = List.copyOf(Objects.requireNonNull(items, "items"));
	}

	@Override
	public UUID subject() {
		return sessionId;
	}
}
