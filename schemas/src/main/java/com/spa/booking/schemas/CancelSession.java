package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Releases every held item of a session and cancels every confirmed one (each confirmed item with the late-cancellation
 * fee of its policy if a customer cancels inside its free-cancellation window).
 *
 * @param therapistId the partition key: the session's first therapist, as for its {@link HoldSession}
 * @param actor who cancels; null, from a gateway that did not say, is a customer
 */
public record CancelSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID therapistId, Actor actor)
		implements SessionCommand {

	/** A customer's cancellation. */
	public CancelSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID therapistId) {
		this(requestId, requestedAt, sessionId, therapistId, Actor.CUSTOMER);
	}

	public CancelSession {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(therapistId, "therapistId");
	}

	/** Who asked, a customer unless the command says otherwise. */
	public Actor requestedBy() {
		return actor == null ? Actor.CUSTOMER : actor;
	}
}
