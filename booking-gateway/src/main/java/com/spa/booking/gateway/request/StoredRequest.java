package com.spa.booking.gateway.request;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.spa.booking.gateway.availability.AlternativeFinder.Alternative;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;

/**
 * A row of the gateway's requests table, joined with the worker's result if there is one.
 *
 * @param caller who made it: the subject of their token
 * @param alternatives what a rejection offered instead, once worked out
 */
record StoredRequest(UUID requestId, String caller, String fingerprint, String commandType, UUID bookingId, String command,
		boolean publishFailed, CommandResult result, Map<UUID, List<Alternative>> alternatives) {

	BookingCommand bookingCommand() {
		return Messages.command(command);
	}
}
