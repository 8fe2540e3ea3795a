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

import com.spa.booking.gateway.availability.Alternatives;
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
public class BookingRequests {

	private final Requests requests;

	private final RequestRecorder recorder;

	private final CommandPublisher publisher;

	private final ResultWaiters waiters;

	private final Alternatives alternatives;

	/**
	 * Whatever reads or writes the database once a request is recorded (a repeat's lookup, a rejection's alternatives,
	 * a failed publish's mark) runs here: not on the thread that writes the requests, the producer's or the result
	 * listener's, which hand over and must be free again at once.
	 */
	private final Executor answering;

	private final InFlightCommands inFlight;

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	BookingRequests(Requests requests, RequestRecorder recorder, CommandPublisher publisher, ResultWaiters waiters,
			Alternatives alternatives, InFlightCommands inFlight, @Qualifier("applicationTaskExecutor") Executor answering,
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
	 * @param fingerprint what the request asked for; a reused key with another fingerprint is rejected
	 * @param idempotencyKey may be null
	 * @param wait how long to wait for the outcome; zero to answer at once
	 */
	public CompletableFuture<RequestState> submit(BookingCommand command, Caller caller, String fingerprint,
			String idempotencyKey, Duration wait) {
		// shed before anything is recorded: an overload must cost as little as possible
		inFlight.take(command.requestId());
		// what is logged while the request is taken in names it (the trace ID comes with the HTTP request's span)
		try (var requestId = MDC.putCloseable("requestId", command.requestId().toString());
				var bookingId = MDC.putCloseable("bookingId", String.valueOf(command.bookingId()))) {
			return submitTaken(command, caller.idempotencyScope(), fingerprint, idempotencyKey, wait)
				// whatever failed (recording, publishing, a repeat's lookup), the command is not on its way; one that
				// was published and failed later had its answer already, which freed its place
				.whenComplete((state, failed) -> {
					if (failed != null) {
						inFlight.done(command.requestId());
					}
				});
		}
		catch (RuntimeException notQueued) {
			inFlight.done(command.requestId());
			throw notQueued;
		}
	}

	private CompletableFuture<RequestState> submitTaken(BookingCommand command, String caller, String fingerprint,
			String idempotencyKey, Duration wait) {
		// the send's span is a child of this request's, wherever the send happens
		Observation request = observations.getCurrentObservation();
		return recorder.record(new NewRequest(command, caller, fingerprint, idempotencyKey))
			.thenCompose(recorded -> recorded ? publishAndAwait(command, wait, false, request)
					// the key is taken: by an earlier request, or the same one sent twice at once
					: CompletableFuture
						.supplyAsync(() -> requests.findByIdempotencyKey(caller, idempotencyKey).orElseThrow(), answering)
						.thenCompose(earlier -> repeat(command, earlier, fingerprint, idempotencyKey, wait, request)));
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
		return Alternatives.isRejectedHold(result) || Alternatives.isRejectedReschedule(result);
	}

	/** @param command the new one, which is not published: the earlier request stands */
	private CompletableFuture<RequestState> repeat(BookingCommand command, StoredRequest earlier, String fingerprint,
			String key, Duration wait, Observation request) {
		inFlight.done(command.requestId());
		if (!earlier.fingerprint().equals(fingerprint)) {
			throw Problems.idempotencyKeyReused(key);
		}
		if (earlier.result() != null) {
			return CompletableFuture.completedFuture(withAlternatives(RequestState.of(earlier), earlier.bookingCommand()));
		}
		// the earlier request's command is the one on its way now, not the new one
		inFlight.take(earlier.requestId());
		return publishAndAwait(earlier.bookingCommand(), wait, earlier.publishFailed(), request);
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
				inFlight.done(requestId);
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
