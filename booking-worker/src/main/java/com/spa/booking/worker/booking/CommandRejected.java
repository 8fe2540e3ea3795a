package com.spa.booking.worker.booking;

import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.RejectionReason;

/**
 * A command that the rules do not allow. Not an error: it becomes a REJECTED result and a BookingRejected event,
 * and whatever the command changed before it was rejected (an expired hold, say) is kept.
 */
class CommandRejected extends RuntimeException {

	private final transient Rejection rejection;

	CommandRejected(RejectionReason reason, String detail) {
		super(reason + ": " + detail, null, false, false);
		this.rejection = new Rejection(reason, detail);
	}

	static CommandRejected unknown(String what, java.util.UUID id) {
		return new CommandRejected(RejectionReason.UNKNOWN_REFERENCE, "There is no " + what + " " + id + ".");
	}

	Rejection rejection() {
		return rejection;
	}
}
