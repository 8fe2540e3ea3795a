package com.spa.booking.schemas;

import java.util.UUID;

/**
 * A command about a whole session. It is applied in one database transaction, whichever therapists its items belong to:
 * all or nothing. Every command about a session is keyed by the same one of its therapists (the {@code therapistId} of its
 * {@link HoldSession}), so the session's partition is the one writer of its items; for the other therapists' calendars,
 * the exclusion constraints do what the queue cannot.
 */
public sealed interface SessionCommand extends BookingCommand permits HoldSession, ConfirmSession, CancelSession, ExpireSession {

	UUID sessionId();

	@Override
	default String fingerprint() {
		return type() + "|" + sessionId();
	}

	/** A session command is about several bookings, not one. */
	@Override
	default UUID bookingId() {
		return null;
	}
}
