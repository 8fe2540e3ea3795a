package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A customer left the waitlist (or the front desk took them off it). */
public record WaitlistLeft(UUID eventId, Instant occurredAt, UUID requestId, WaitlistEntrySnapshot entry)
		implements WaitlistEvent {

	public WaitlistLeft {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(entry, "entry");
	}
}
