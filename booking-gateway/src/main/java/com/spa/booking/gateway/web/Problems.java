package com.spa.booking.gateway.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.RejectionReason;

/**
 * The RFC 9457 problems this API answers with. Every problem has a stable {@code type}; those about input name the
 * offending fields in {@code errors: [{field, message}]}; rejections by the worker carry {@code reason}.
 */
public final class Problems {

	private static final String TYPE_PREFIX = "urn:spa-booking:problem:";

	private Problems() {
	}

	/** The {@code type} of this API's problems of a kind ({@code slot-taken}, ...): the one place that spells it. */
	public static URI type(String kind) {
		return URI.create(TYPE_PREFIX + kind);
	}

	public record FieldError(String field, String message) {
	}

	public static ProblemDetail invalidInput(HttpStatus status, List<FieldError> errors) {
		String detail = errors.stream()
			.map(error -> error.field() + ": " + error.message())
			.reduce((a, b) -> a + "; " + b)
			.orElse("The request is invalid.");
		ProblemDetail problem = problem(status, status == HttpStatus.BAD_REQUEST ? "invalid-request" : "unprocessable-request",
				status == HttpStatus.BAD_REQUEST ? "Invalid request" : "Request cannot be processed", detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	/** A request with a malformed or missing field or parameter. */
	public static ErrorResponseException badRequest(List<FieldError> errors) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, invalidInput(HttpStatus.BAD_REQUEST, errors), null);
	}

	/** A request whose fields are well-formed but whose content is not acceptable (past start, unknown IDs). */
	public static ErrorResponseException unprocessable(List<FieldError> errors) {
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT,
				invalidInput(HttpStatus.UNPROCESSABLE_CONTENT, errors), null);
	}

	public static ErrorResponseException notFound(String what, UUID id) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no " + what + " " + id + ".");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	/** The caller is signed in, but may not do this (act in another customer's name). */
	public static ErrorResponseException forbidden(String detail) {
		return new ErrorResponseException(HttpStatus.FORBIDDEN, problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
				detail), null);
	}

	public static ErrorResponseException conflict(String type, String title, String detail, FieldError... errors) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, type, title, detail);
		if (errors.length > 0) {
			problem.setProperty("errors", List.of(errors));
		}
		return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
	}

	public static ErrorResponseException idempotencyKeyReused(String key) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
				"Idempotency key reused", "The Idempotency-Key '" + key
						+ "' was already used for a different request. Use a new key for a new request.");
		problem.setProperty("errors", List.of(new FieldError("Idempotency-Key", "already used for a different request")));
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
	}

	public static ErrorResponseException commandNotPublished(UUID requestId, Throwable cause) {
		return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, notQueued(requestId), cause);
	}

	/**
	 * The broker did not confirm the command in time. Most likely it was not queued, but an acknowledgement lost on
	 * the way (a broker dying at that moment) means it may still be applied: the request's status tells, and a retry
	 * with the same Idempotency-Key is the same request either way.
	 */
	/** Whatever went wrong that no other answer covers: a bug or an outage the gateway did not foresee. */
	public static ProblemDetail internalError() {
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"Something went wrong on our side. The request may be retried.");
	}

	public static ProblemDetail notQueued(UUID requestId) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Booking service unavailable",
				"The request could not be confirmed as queued; most likely nothing happened, but it may still be applied. "
						+ "Its status is at /api/v1/requests/" + requestId + "; retry with the same Idempotency-Key.");
		problem.setProperty("requestId", requestId);
		return problem;
	}

	/** Seconds a shed request should wait before it tries again. */
	public static final int RETRY_OVERLOADED_AFTER_SECONDS = 1;

	/** Too many commands on their way already: this one was turned away before anything was recorded or queued. */
	public static ErrorResponseException overloaded(int maxInFlight) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too busy right now",
				"The booking service has " + maxInFlight + " requests on their way and took no more. Nothing was "
						+ "recorded; retry in a second, with the same Idempotency-Key.");
		var overloaded = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		overloaded.getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER,
				Integer.toString(RETRY_OVERLOADED_AFTER_SECONDS));
		return overloaded;
	}

	/**
	 * No live stream now: as many are open as are allowed (in all, or of this caller), or the gateway is stopping. The
	 * page tries again shortly.
	 */
	public static ErrorResponseException tooManyStreams(int limit) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too busy right now",
				limit == 0 ? "This gateway is stopping; connect again in a few seconds."
						: "The limit of " + limit + " open live streams is reached; close one or retry in a few seconds.");
		var overloaded = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		overloaded.getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, "5");
		return overloaded;
	}

	/** The gateway cannot reach its database: nothing was recorded or queued. */
	public static ProblemDetail databaseUnavailable() {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Booking service unavailable",
				"The booking database cannot be reached. Nothing was recorded; retry in a few seconds.");
	}

	/** The worker's answer to a command that did not succeed. */
	public static ProblemDetail of(CommandResult result) {
		ProblemDetail problem;
		if (result.rejection() == null || result.outcome() == com.spa.booking.schemas.Outcome.FAILED) {
			problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "command-failed", "Request failed",
					"The request could not be processed.");
		}
		else {
			RejectionReason reason = result.rejection().reason();
			HttpStatus status = statusOf(reason);
			problem = problem(status, reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), titleOf(reason),
					result.rejection().detail());
			problem.setProperty("reason", reason);
		}
		problem.setProperty("requestId", result.requestId());
		if (result.booking() != null && result.booking().status() != null) {
			// only a booking that exists; a rejected hold never became one
			problem.setProperty("bookingId", result.bookingId());
		}
		return problem;
	}

	private static HttpStatus statusOf(RejectionReason reason) {
		return switch (reason) {
			case BOOKING_NOT_FOUND, WAITLIST_ENTRY_NOT_FOUND -> HttpStatus.NOT_FOUND;
			case UNKNOWN_REFERENCE, START_IN_PAST, BEYOND_HORIZON, NOT_QUALIFIED, NOT_ON_SLOT_GRID, TOO_SHORT_NOTICE,
					INVALID_WAITLIST_WINDOW ->
				HttpStatus.UNPROCESSABLE_CONTENT;
			case INVALID_COMMAND -> HttpStatus.INTERNAL_SERVER_ERROR;
			case SLOT_TAKEN, HOLD_EXPIRED, BOOKING_MOVED, BOOKING_CANCELLED, CONFLICTING_BOOKING_ID, HOLD_STILL_VALID,
					OUTSIDE_WORKING_HOURS, THERAPIST_TIME_OFF, SPA_CLOSED, NO_ROOM, CUSTOMER_OVERLAP, TOO_MANY_HOLDS, TOO_MANY_BOOKINGS, NOT_CONFIRMED,
					PART_OF_SESSION, BOOKING_STARTED, RESCHEDULE_WINDOW_CLOSED, NOT_STARTED, TOO_MANY_WAITLIST_ENTRIES,
					WAITLIST_ENTRY_OFFERED, WAITLIST_ENTRY_CLOSED ->
				HttpStatus.CONFLICT;
		};
	}

	private static String titleOf(RejectionReason reason) {
		return switch (reason) {
			case SLOT_TAKEN -> "Time already taken";
			case HOLD_EXPIRED -> "Hold expired";
			case BOOKING_NOT_FOUND -> "Booking not found";
			case BOOKING_MOVED -> "Booking moved to another therapist";
			case BOOKING_CANCELLED -> "Booking cancelled";
			case UNKNOWN_REFERENCE -> "Unknown customer, therapist or service";
			case START_IN_PAST -> "Start in the past";
			case CONFLICTING_BOOKING_ID -> "Booking ID in use";
			case HOLD_STILL_VALID -> "Hold still valid";
			case NOT_QUALIFIED -> "Therapist not qualified";
			case NOT_ON_SLOT_GRID -> "Start not on the slot grid";
			case OUTSIDE_WORKING_HOURS -> "Outside working hours";
			case THERAPIST_TIME_OFF -> "Therapist away";
			case SPA_CLOSED -> "Spa closed";
			case NO_ROOM -> "No room free";
			case CUSTOMER_OVERLAP -> "Customer already booked then";
			case TOO_MANY_HOLDS -> "Too many holds";
			case TOO_MANY_BOOKINGS -> "Too many bookings";
			case NOT_CONFIRMED -> "Booking not confirmed";
			case BEYOND_HORIZON -> "Beyond the booking horizon";
			case PART_OF_SESSION -> "Part of a booking session";
			case TOO_SHORT_NOTICE -> "Too short notice";
			case BOOKING_STARTED -> "Booking started";
			case RESCHEDULE_WINDOW_CLOSED -> "Reschedule window closed";
			case NOT_STARTED -> "Booking not started";
			case TOO_MANY_WAITLIST_ENTRIES -> "Too many waitlist entries";
			case WAITLIST_ENTRY_NOT_FOUND -> "Waitlist entry not found";
			case WAITLIST_ENTRY_OFFERED -> "Waitlist entry offered a time";
			case WAITLIST_ENTRY_CLOSED -> "Waitlist entry closed";
			case INVALID_WAITLIST_WINDOW -> "Invalid waitlist window";
			case INVALID_COMMAND -> "Request failed";
		};
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(type));
		problem.setTitle(title);
		return problem;
	}
}
