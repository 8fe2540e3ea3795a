package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A time freed up and is held for the first entry in line for it, in the same transaction that freed it: the customer
 * has until {@code entry.offerExpiresAt} to confirm {@code booking} (an ordinary hold, confirmed as any other). A
 * notification service has all it needs here: who, what, with whom, when, and "confirm by" in the spa's local time.
 *
 * @param booking the hold made for the customer
 */
public record WaitlistOffered(UUID eventId, Instant occurredAt, UUID requestId, WaitlistEntrySnapshot entry,
		BookingSnapshot booking) implements WaitlistEvent {

	public WaitlistOffered {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(entry, "entry");
		Objects.requireNonNull(booking, "booking");
	}
}
