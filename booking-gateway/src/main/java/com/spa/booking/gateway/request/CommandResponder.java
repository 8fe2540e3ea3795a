package com.spa.booking.gateway.request;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import com.spa.booking.gateway.security.Caller;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.PlaceHold;

/**
 * The one way from an asynchronous command to its HTTP answer: the command is submitted ({@link CommandSubmitter}),
 * and where its request stands becomes {@code 202} with the request's location while undecided, {@code 201} with the
 * new booking or session (or {@code 200} with the changed one) once it succeeded, or the problem it was rejected or
 * failed with; with {@code Preference-Applied} when it waited.
 */
@Component
public class CommandResponder {

	private final CommandSubmitter submitter;

	CommandResponder(CommandSubmitter submitter) {
		this.submitter = submitter;
	}

	public <C extends BookingCommand> CompletableFuture<ResponseEntity<Object>> submit(C command, Caller caller,
			WaitPreference wait, IdempotencyKey key, AnswerShape<? super C, ?> shape) {
		return submitter.submit(command, caller, key, wait.duration())
			.thenApply(state -> wait.applied(answer(command, state, shape)));
	}

	static <C extends BookingCommand, V> ResponseEntity<Object> answer(C command, RequestState state,
			AnswerShape<? super C, V> shape) {
		return switch (state.status()) {
			case PENDING -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("requestId", state.requestId());
				body.putAll(shape.pendingMembers(command));
				body.put("status", state.status());
				yield ResponseEntity.accepted().location(URI.create("/api/v1/requests/" + state.requestId())).body(body);
			}
			case SUCCEEDED -> {
				V view = shape.view(state.result());
				yield creates(command) ? ResponseEntity.created(shape.location(view)).body(view)
						: ResponseEntity.ok(view);
			}
			case REJECTED, FAILED -> {
				ProblemDetail problem = shape.problem(state);
				yield ResponseEntity.status(HttpStatus.valueOf(problem.getStatus())).body(problem);
			}
		};
	}

	/**
	 * Whether a success is a new resource ({@code 201}) rather than a change ({@code 200}): a repeated request is the
	 * same command (its fingerprint says so), so the command at hand tells.
	 */
	static boolean creates(BookingCommand command) {
		return command instanceof PlaceHold || command instanceof HoldSession || command instanceof JoinWaitlist;
	}
}
