package com.spa.booking.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * Puts a customer on the waitlist for a service on a day, for any start from {@code earliestStart} to
 * {@code latestStart}: when a matching time frees up, the worker holds it for the first entry in line and announces
 * {@link WaitlistOffered}.
 *
 * @param entryId chosen by the issuer, so a redelivered command never makes a second entry
 * @param therapistId the therapist asked for; null for any qualified therapist
 * @param day the spa's local day of the window (both starts lie on it)
 */
public record JoinWaitlist(UUID requestId, Instant requestedAt, UUID entryId, UUID customerId, UUID serviceId,
		UUID therapistId, LocalDate day, Instant earliestStart, Instant latestStart, Actor actor)
		implements WaitlistCommand {

	public JoinWaitlist {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(entryId, "entryId");
		Objects.requireNonNull(customerId, "customerId");
		Objects.requireNonNull(serviceId, "serviceId");
		Objects.requireNonNull(day, "day");
		Objects.requireNonNull(earliestStart, "earliestStart");
		Objects.requireNonNull(latestStart, "latestStart");
		// normalised here rather than in the accessor, so that a message read back equals the one written
		actor = actor == null ? Actor.CUSTOMER : actor;
		if (latestStart.isBefore(earliestStart)) {
			throw new IllegalArgumentException("latestStart is before earliestStart");
		}
	}

	/** A new request to join: a request ID and an entry ID of its own. */
	public static JoinWaitlist requested(UUID customerId, UUID serviceId, UUID therapistId, LocalDate day,
			Instant earliestStart, Instant latestStart, Actor actor, Instant requestedAt) {
		return new JoinWaitlist(UUID.randomUUID(), requestedAt, UUID.randomUUID(), customerId, serviceId, therapistId,
				day, earliestStart, latestStart, actor);
	}

	@Override
	public String fingerprint() {
		return String.join("|", type(), customerId.toString(), serviceId.toString(), String.valueOf(therapistId),
				earliestStart.toString(), latestStart.toString());
	}
}
