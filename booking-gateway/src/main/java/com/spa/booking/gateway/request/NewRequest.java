package com.spa.booking.gateway.request;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;

/**
 * A request to record before its command is published.
 *
 * @param commandJson the command as stored, written out on the request's own thread rather than the one that writes
 * everybody's rows
 * @param caller whose request it is: their Idempotency-Keys are theirs alone
 * @param fingerprint what the request asked for, to tell a retry from another request that reuses the key
 * @param idempotencyKey null when the request has none
 */
record NewRequest(BookingCommand command, String commandJson, String caller, String fingerprint, String idempotencyKey) {

	NewRequest(BookingCommand command, String caller, String fingerprint, String idempotencyKey) {
		this(command, Messages.toJson(command), caller, fingerprint, idempotencyKey);
	}
}
