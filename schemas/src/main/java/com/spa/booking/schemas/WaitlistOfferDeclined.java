package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The customer cancelled the hold they were offered: the time went on to the next entry in line. */
public record WaitlistOfferDeclined(UUID eventId, Instant occurredAt, UUID requestId, WaitlistEntrySnapshot entry)
		implements WaitlistEvent {

	public WaitlistOfferDeclined {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(entry, "entry");
	}
}
