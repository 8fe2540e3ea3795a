package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Confirms every item of a session or none.
 *
 * @param therapistId the partition key: the session's first therapist, as for its {@link HoldSession}
 */
public record ConfirmSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID therapistId) implements SessionCommand {

	public ConfirmSession {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
