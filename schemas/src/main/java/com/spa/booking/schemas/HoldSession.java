package com.spa.booking.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Holds every item of a session or none. The items share one hold expiry.
 *
 * @param therapistId the partition key of this session and of every later command about it (the gateway takes the
 * smallest of the items' therapist IDs); the worker keeps it with the session
 */
public record HoldSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID customerId, UUID therapistId,
		List<SessionItem> items) implements SessionCommand {

	/**
	 * A new request to hold a session: a request ID and a session ID of its own, keyed by the smallest of its items'
	 * therapist IDs, so that every later command about the session goes to that one partition.
	 */
	public static HoldSession requested(UUID customerId, List<SessionItem> items, Instant requestedAt) {
		UUID partitionKey = items.stream().map(SessionItem::therapistId).min(java.util.Comparator.naturalOrder())
			.orElseThrow(() -> new IllegalArgumentException("A session needs at least one item"));
		return new HoldSession(UUID.randomUUID(), requestedAt, UUID.randomUUID(), customerId, partitionKey, items);
	}

	@Override
	public String fingerprint() {
		return "HoldSession|" + customerId + "|" + String.join(";", items.stream()
			.map(item -> item.therapistId() + "," + item.serviceId() + "," + item.start())
			.toList());
	}

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
