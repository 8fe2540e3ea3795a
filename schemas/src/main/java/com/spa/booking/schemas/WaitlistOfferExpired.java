package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The offer was not confirmed in time: its hold expired and the time went on to the next entry in line. */
public record WaitlistOfferExpired(UUID eventId, Instant occurredAt, UUID requestId, WaitlistEntrySnapshot entry)
		implements WaitlistEvent {

	public WaitlistOfferExpired {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(entry, "entry");
	}
}
