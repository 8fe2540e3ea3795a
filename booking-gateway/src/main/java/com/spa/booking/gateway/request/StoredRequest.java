package com.spa.booking.gateway.request;

import java.util.UUID;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;

/** A row of the gateway's requests table, joined with the worker's result if there is one. */
record StoredRequest(UUID requestId, String fingerprint, String commandType, UUID bookingId, String command,
		boolean publishFailed, CommandResult result) {

	BookingCommand bookingCommand() {
		return Messages.command(command);
	}
}
