package com.spa.booking.gateway.request;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import com.spa.booking.gateway.availability.AlternativeFinder;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.Role;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CommandResult;

/**
 * Accepts a request: records it, publishes its command and, if the client asked to wait, waits for the result. No
 * thread waits for any of it: the request's row is written with others' ({@link RequestRecorder}), the command
 * published once the row is committed, and the answer put together when the broker or the worker answers, each step
 * chained on the one before.
 *
 * <p>With an Idempotency-Key, a repeated request finds the first one and gets its outcome. If that one is still
 * pending, its command is published once more: the first publish may never have reached the broker (a crash between
 * recording and publishing), and the worker's idempotency record makes a second copy harmless.
 */
@Service
public class CommandSubmitter {

	private final Requests requests;

	private final RequestRecorder recorder;

	private final CommandPublisher publisher;

	private final ResultWaitList waiters;

	private final AlternativeFinder alternatives;

	/**
	 * Whatever reads or writes the database once a request is recorded (a repeat's lookup, a rejection's alternatives,
	 * a failed publish's mark) runs here: not on the thread that writes the requests, the producer's or the result
	 * listener's, which hand over and must be free again at once.
	 */
	private final Executor answering;

	private final InFlightLimit inFlight;

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	CommandSubmitter(Requests requests, RequestRecorder recorder, CommandPublisher publisher, ResultWaitList waiters,
			AlternativeFinder alternatives, InFlightLimit inFlight, @Qualifier("applicationTaskExecutor") Executor answering,
			MeterRegistry meters, ObservationRegistry observations) {
		this.requests = requests;
		this.recorder = recorder;
		this.publisher = publisher;
		this.waiters = waiters;
		this.alternatives = alternatives;
		this.inFlight = inFlight;
		this.answering = answering;
		this.meters = meters;
		this.observations = observations;
	}

	/**
	 * @param caller who asks; their Idempotency-Keys are theirs alone
	 * @param wait how long to wait for the outcome; zero to answer at once
	 */
	public CompletableFuture<RequestState> submit(BookingCommand command, Caller caller, IdempotencyKey key,
			Duration wait) {
		// what is logged while the request is taken in names it (the trace ID comes with the HTTP request's span)
		try (var requestId = MDC.putCloseable("requestId", command.requestId().toString());
				var bookingId = MDC.putCloseable("bookingId", String.valueOf(command.bookingId()))) {
			return tracked(command, caller.idempotencyScope(), key, wait);
		}
	}

	/**
	 * Every move of this request's in-flight place, so that a place is never kept by a command that is not on its way
	 * nor given back twice: taken before anything is recorded (an overload must cost as little as possible: 503
	 * otherwise); given back if the request fails before its command is on its way, or turns out to repeat an earlier
	 * request, whose command (if still pending) takes a place of its own before it is published again. A command on its
	 * way keeps its place until {@link #answered} (or until it is given up on, {@link InFlightLimit}).
	 */
	private CompletableFuture<RequestState> tracked(BookingCommand command, String caller, IdempotencyKey key,
			Duration wait) {
		UUID requestId = command.requestId();
		inFlight.take(requestId);
		try {
			// the send's span is a child of this request's, wherever the send happens
			Observation request = observations.getCurrentObservation();
			return recordOrFindEarlier(command, caller, key).thenCompose(next -> {
				if (next instanceof Answered answered) {
					inFlight.done(requestId);
					return CompletableFuture.completedFuture(answered.state());
				}
				Publish publish = (Publish) next;
				UUID published = publish.command().requestId();
				if (!published.equals(requestId)) {
					// the earlier request's command is the one on its way now, not the new one
					inFlight.done(requestId);
					inFlight.take(published);
				}
				return publishAndAwait(publish.command(), wait, publish.failedBefore(), request)
					.whenComplete((state, notPublished) -> {
						if (notPublished != null) {
							inFlight.done(published);
						}
					});
			})
				// whatever failed (recording, publishing, a repeat's lookup), the command is not on its way; one that
				// was published and failed later had its answer already, which freed its place
				.whenComplete((state, failed) -> {
					if (failed != null) {
						inFlight.done(requestId);
					}
				});
		}
		catch (RuntimeException notQueued) {
			inFlight.done(requestId);
			throw notQueued;
		}
	}

	/** A result came: its command is no longer on its way, and the request waiting for it (if any) gets it. */
	void answered(CommandResult result) {
		inFlight.done(result.requestId());
		waiters.complete(result);
	}

	/** What a request comes to once recorded: its command (or a repeated request's) to publish, or an outcome. */
	private sealed interface Next permits Publish, Answered {
	}

	/** @param failedBefore whether an earlier publish of the command failed (its request is marked so) */
	private record Publish(BookingCommand command, boolean failedBefore) implements Next {
	}

	private record Answered(RequestState state) implements Next {
	}

	private CompletableFuture<Next> recordOrFindEarlier(BookingCommand command, String caller, IdempotencyKey key) {
		return recorder.record(new NewRequest(command, caller, command.fingerprint(), key.value()))
			.thenCompose(recorded -> recorded ? CompletableFuture.completedFuture(new Publish(command, false))
					// the key is taken: by an earlier request, or the same one sent twice at once
					: CompletableFuture.supplyAsync(() -> repeated(command,
							requests.findByIdempotencyKey(caller, key.value()).orElseThrow(), key), answering));
	}

	/**
	 * With an Idempotency-Key used before, the earlier request stands: its outcome, or its command published once
	 * more while it is pending. The new command is not published.
	 */
	private Next repeated(BookingCommand command, StoredRequest earlier, IdempotencyKey key) {
		if (!earlier.fingerprint().equals(command.fingerprint())) {
			throw Problems.idempotencyKeyReused(key.value());
		}
		if (earlier.result() != null) {
			return new Answered(withAlternatives(RequestState.of(earlier), earlier.bookingCommand()));
		}
		return new Publish(earlier.bookingCommand(), earlier.publishFailed());
	}

	/** A request, if the caller may see it: the front desk sees every one, everybody else their own. */
	public Optional<RequestState> find(UUID requestId, Caller caller) {
		return requests.find(requestId)
			.filter(request -> caller.is(Role.FRONT_DESK) || request.caller().equals(caller.idempotencyScope()))
			.map(request -> withAlternatives(RequestState.of(request), request.bookingCommand()));
	}

	/**
	 * A rejected hold with what is offered instead: worked out the first time the rejection is shown and kept with the
	 * request, so that it reads the same every time after.
	 */
	private RequestState withAlternatives(RequestState state, BookingCommand command) {
		if (state.alternatives() != null || state.result() == null || !offersAlternatives(state.result())) {
			return state;
		}
		return state.withAlternatives(
				requests.keepAlternatives(state.requestId(), alternatives.offeredFor(state.result(), command)));
	}

	private static boolean offersAlternatives(CommandResult result) {
		return AlternativeFinder.isRejectedHold(result) || AlternativeFinder.isRejectedReschedule(result);
	}

	private CompletableFuture<RequestState> publishAndAwait(BookingCommand command, Duration wait, boolean failedBefore,
			Observation request) {
		UUID requestId = command.requestId();
		// registered before publishing, so that a quick result cannot slip past
		Optional<CompletableFuture<CommandResult>> waiter = wait.isZero() ? Optional.empty() : waiters.register(requestId);
		// end to end, for requests that waited: publish, worker, outbox, result back here
		Timer.Sample sample = Timer.start(meters);
		CompletableFuture<Void> published = publisher.publish(command, request)
			// the bookkeeping of a failed publish writes to the database: not on the producer's thread; a publish that
			// succeeded goes on where it is (an asynchronous "exceptionally" would move it to another thread as well)
			.exceptionallyCompose(notPublished -> CompletableFuture.runAsync(() -> {
				waiters.forget(requestId);
				requests.markPublishFailed(requestId, true);
			}, answering).thenCompose(marked -> CompletableFuture.failedFuture(notPublished)));
		if (failedBefore) {
			published = published.thenRunAsync(() -> requests.markPublishFailed(requestId, false), answering);
		}
		if (waiter.isEmpty()) {
			// not asked to wait (or too many waiting already): accepted once the broker has it, and that is all
			return published.thenApply(ignored -> pending(command));
		}
		return published
			.thenCompose(ignored -> waiter.get().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS))
			.thenCompose(result -> answer(command, result, sample));
	}

	/** @param result null when the wait ran out */
	private CompletableFuture<RequestState> answer(BookingCommand command, CommandResult result, Timer.Sample sample) {
		waiters.forget(command.requestId());
		sample.stop(meters.timer("booking.requests.latency", "command", command.type(), "outcome",
				result == null ? "PENDING" : result.outcome().name()));
		if (result == null) {
			return CompletableFuture.completedFuture(pending(command));
		}
		if (!offersAlternatives(result)) {
			// put together right here, on the thread that handed the result over: it reads nothing
			return CompletableFuture.completedFuture(RequestState.of(result));
		}
		// what to offer instead is worked out with queries of its own
		return CompletableFuture.supplyAsync(() -> withAlternatives(RequestState.of(result), command), answering);
	}

	private static RequestState pending(BookingCommand command) {
		return new RequestState(command.requestId(), command.type(), command.bookingId(), RequestState.Status.PENDING,
				null, null);
	}
}
