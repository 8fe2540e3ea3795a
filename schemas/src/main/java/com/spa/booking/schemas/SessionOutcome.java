package com.spa.booking.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a session command did to each item. When the command was rejected, nothing was changed, and each item says
 * whether it was one of those in the way ({@code rejection}) or would have been fine (no rejection).
 */
public record SessionOutcome(UUID sessionId, UUID customerId, Instant holdExpiresAt, List<Item> items) {

	public SessionOutcome {
		Objects.requireNonNull(sessionId, "sessionId");
		items = List.copyOf(Objects.requireNonNull(items, "items"));
	}

	public record Item(BookingSnapshot booking, Rejection rejection) {

		public Item {
			Objects.requireNonNull(booking, "booking");
		}
	}
}
