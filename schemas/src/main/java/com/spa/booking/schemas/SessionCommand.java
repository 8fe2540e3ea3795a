package com.spa.booking.schemas;

import java.util.UUID;

/**
 * A command about a whole cart. It is applied in one database transaction, whichever therapists its items belong to:
 * all or nothing. It is keyed by one of the cart's therapists; for the others, the exclusion constraints do what the
 * queue cannot.
 */
public sealed interface SessionCommand extends BookingCommand permits HoldSession, ConfirmSession, CancelSession {

	UUID sessionId();

	/** A session command is about several bookings, not one. */
	@Override
	default UUID bookingId() {
		return null;
	}
}
