package com.spa.booking.gateway.request;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ProblemDetail;

import com.spa.booking.gateway.availability.AlternativeFinder.Alternative;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.CommandResult;

/**
 * Where a request stands.
 *
 * @param result the worker's result, once there is one
 * @param alternatives for a rejected hold (or session), what was offered instead, by the rejected booking's ID; null where
 * nothing is offered or the offer is not yet worked out
 */
public record RequestState(UUID requestId, String commandType, UUID bookingId, Status status, CommandResult result,
		Map<UUID, List<Alternative>> alternatives) {

	public enum Status {
		PENDING, SUCCEEDED, REJECTED, FAILED
	}

	static RequestState of(StoredRequest request) {
		if (request.result() != null) {
			return of(request.result()).withAlternatives(request.alternatives());
		}
		Status status = request.publishFailed() ? Status.FAILED : Status.PENDING;
		return new RequestState(request.requestId(), request.commandType(), request.bookingId(), status, null, null);
	}

	static RequestState of(CommandResult result) {
		return new RequestState(result.requestId(), result.commandType(), result.bookingId(),
				Status.valueOf(result.outcome().name()), result, null);
	}

	RequestState withAlternatives(Map<UUID, List<Alternative>> offered) {
		return new RequestState(requestId, commandType, bookingId, status, result, offered);
	}

	/**
	 * The problem a rejected or failed request answers with; a rejected hold's carries what is offered instead
	 * ({@code alternatives}).
	 */
	public ProblemDetail problem() {
		if (result == null) {
			return Problems.notQueued(requestId);
		}
		ProblemDetail problem = Problems.of(result);
		List<Alternative> offered = result.bookingId() == null ? null : alternativesTo(result.bookingId());
		if (offered != null) {
			problem.setProperty("alternatives", offered);
		}
		return problem;
	}

	/** What was offered instead of the booking with this ID; null if nothing was. */
	public List<Alternative> alternativesTo(UUID booking) {
		return alternatives == null ? null : alternatives.get(booking);
	}

	/** The booking the request is about, if it exists: a rejected hold never became one. */
	public UUID existingBookingId() {
		boolean exists = result != null && result.booking() != null && result.booking().status() != null;
		return exists ? bookingId : null;
	}
}
