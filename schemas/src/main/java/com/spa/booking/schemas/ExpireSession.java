package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Issued by the worker's expiry timer once a session's hold has run out: every held item expires together. It travels on
 * the session's partition, like every other command about the session, so that the session's items have one writer.
 *
 * @param therapistId the partition key: the session's, as for its {@link HoldSession}
 */
public record ExpireSession(UUID requestId, Instant requestedAt, UUID sessionId, UUID therapistId) implements SessionCommand {

	public ExpireSession {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
