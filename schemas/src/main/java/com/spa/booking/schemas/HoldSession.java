package com.spa.booking.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Holds every item of a cart or none. The items share one hold expiry.
 *
 * @param therapistId the partition key of this cart and of every later command about it (the gateway takes the
 * smallest of the items' therapist IDs); the worker keeps it with the cart
 */
public record HoldSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID customerId, UUID therapistId,
		List<SessionItem> items) implements SessionCommand {

	public HoldSession {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(customerId, "customerId");
		Objects.requireNonNull(therapistId, "therapistId");
		items = List.copyOf(Objects.requireNonNull(items, "items"));
		if (items.isEmpty()) {
			throw new IllegalArgumentException("A session needs at least one item");
		}
	}
}
