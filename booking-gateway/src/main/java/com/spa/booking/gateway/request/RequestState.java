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

	/** The booking the request is about, if it exists: a refused hold never became one. */
	public UUID existingBookingId() {
		boolean exists = result != null && result.booking() != null && result.booking().status() != null;
		return exists ? bookingId : null;
	}
}
