package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Cancels a booking: a held one becomes RELEASED, a confirmed one CANCELLED (with the late-cancellation fee of its
 * policy if a customer cancels inside the free-cancellation window).
 *
 * @param actor who cancels; null, from a gateway that did not say, is a customer
 */
public record CancelBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId, Actor actor)
		implements BookingCommand {

	/** A customer's cancellation. */
	public CancelBooking(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId) {
		this(requestId, requestedAt, bookingId, therapistId, Actor.CUSTOMER);
	}

	/** Who asked, a customer unless the command says otherwise. */
	public Actor requestedBy() {
		return actor == null ? Actor.CUSTOMER : actor;
	}

	public CancelBooking {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
