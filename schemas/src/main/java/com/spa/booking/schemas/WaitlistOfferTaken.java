package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The customer confirmed the time they were offered: the entry is BOOKED (the booking's own BookingConfirmed comes too). */
public record WaitlistOfferTaken(UUID eventId, Instant occurredAt, UUID requestId, WaitlistEntrySnapshot entry)
		implements WaitlistEvent {

	public WaitlistOfferTaken {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(entry, "entry");
	}
}
