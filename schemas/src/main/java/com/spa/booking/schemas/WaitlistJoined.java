package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A customer joined the waitlist. */
public record WaitlistJoined(UUID eventId, Instant occurredAt, UUID requestId, WaitlistEntrySnapshot entry)
		implements WaitlistEvent {

	public WaitlistJoined {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(entry, "entry");
	}
}
