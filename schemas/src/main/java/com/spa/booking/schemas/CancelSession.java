package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Releases every held item of a session and cancels every confirmed one.
 *
 * @param therapistId the partition key: the session's first therapist, as for its {@link HoldSession}
 */
public record CancelSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID therapistId) implements SessionCommand {

	public CancelSession {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
