package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Moves a confirmed booking to a new start, and possibly to another therapist, as one step. Keyed like every other
 * command about the booking, by its current therapist; the new therapist's calendar is guarded by the exclusion
 * constraint.
 *
 * @param therapistId the booking's current therapist (the partition key)
 * @param newTherapistId who performs the treatment after the move; the same therapist to keep them
 * @param actor who moves it; null, from a gateway that did not say, is a customer
 * @param reason why the front desk moves it inside the reschedule window (required there); null otherwise
 */
public record RescheduleBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId,
		UUID newTherapistId, Instant newStart, Actor actor, String reason) implements BookingCommand {

	/** A customer's reschedule. */
	public RescheduleBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId, UUID newTherapistId,
			Instant newStart) {
		this(requestId, requestedAt, bookingId, therapistId, newTherapistId, newStart, Actor.CUSTOMER, null);
	}

	/** Who asked, a customer unless the command says otherwise. */
	public Actor requestedBy() {
		return actor == null ? Actor.CUSTOMER : actor;
	}

	@Override
	public String fingerprint() {
		return String.join("|", type(), bookingId.toString(), newTherapistId.toString(), newStart.toString());
	}

	public RescheduleBooking {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
		Objects.requireNonNull(newTherapistId, "newTherapistId");
		Objects.requireNonNull(newStart, "newStart");
	}
}
