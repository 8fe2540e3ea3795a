package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Takes a waiting entry off the waitlist. An entry that was offered a time meanwhile is not left this way (the command is
 * rejected {@link RejectionReason#WAITLIST_ENTRY_OFFERED}): cancelling the offered hold declines the offer.
 */
public record LeaveWaitlist(UUID requestId, Instant requestedAt, UUID entryId, UUID customerId, Actor actor)
		implements WaitlistCommand {

	public LeaveWaitlist {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(entryId, "entryId");
		Objects.requireNonNull(customerId, "customerId");
		// normalised here rather than in the accessor, so that a message read back equals the one written
		actor = actor == null ? Actor.CUSTOMER : actor;
	}

	/** Not about one therapist: keyed by the customer. */
	@Override
	public UUID therapistId() {
		return null;
	}
}
