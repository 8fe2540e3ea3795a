package com.spa.booking.gateway.request;

import java.util.UUID;

import com.spa.booking.schemas.CommandResult;

/**
 * Where a request stands.
 *
 * @param result the worker's result, once there is one
 */
public record RequestState(UUID requestId, String commandType, UUID bookingId, Status status, CommandResult result) {

	public enum Status {
		PENDING, SUCCEEDED, REJECTED, FAILED
	}

	static RequestState of(StoredRequest request) {
		if (request.result() != null) {
			return of(request.result());
		}
		Status status = request.publishFailed() ? Status.FAILED : Status.PENDING;
		return new RequestState(request.requestId(), request.commandType(), request.bookingId(), status, null);
	}

	static RequestState of(CommandResult result) {
		return new RequestState(result.requestId(), result.commandType(), result.bookingId(),
				Status.valueOf(result.outcome().name()), result);
	}

	public boolean isFinal() {
		return status != Status.PENDING;
	}
}
