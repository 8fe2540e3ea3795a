package com.spa.booking.gateway.request;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.spa.booking.gateway.availability.Alternatives;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.Role;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CommandResult;

/**
 * Accepts a request: records it, publishes its command and, if the client asked to wait, waits for the result without
 * holding a thread.
 *
 * <p>With an Idempotency-Key, a repeated request finds the first one and gets its outcome. If that one is still
 * pending, its command is published once more: the first publish may never have reached the broker (a crash between
 * recording and publishing), and the worker's idempotency record makes a second copy harmless.
 */
@Service
public class BookingRequests {

	private final Requests requests;

	private final CommandPublisher publisher;

	private final ResultWaiters waiters;

	private final Alternatives alternatives;

	/** Answers are put together here, not on the thread of the result listener, which only hands results over. */
	private final Executor answering;

	private final InFlightCommands inFlight;

	private final MeterRegistry meters;

	BookingRequests(Requests requests, CommandPublisher publisher, ResultWaiters waiters, Alternatives alternatives,
			InFlightCommands inFlight, @Qualifier("applicationTaskExecutor") Executor answering, MeterRegistry meters) {
		this.inFlight = inFlight;
		this.meters = meters;
		this.requests = requests;
		this.publisher = publisher;
		this.waiters = waiters;
		this.alternatives = alternatives;
		this.answering = answering;
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
			return submitTaken(command, caller.idempotencyScope(), fingerprint, idempotencyKey, wait);
		}
		catch (RuntimeException notQueued) {
			inFlight.done(command.requestId());
			throw notQueued;
		}
	}

	private CompletableFuture<RequestState> submitTaken(BookingCommand command, String caller, String fingerprint,
			String idempotencyKey, Duration wait) {
		if (idempotencyKey != null) {
			Optional<StoredRequest> earlier = requests.findByIdempotencyKey(caller, idempotencyKey);
			if (earlier.isPresent()) {
				return repeat(command, earlier.get(), fingerprint, idempotencyKey, wait);
			}
		}
		try {
			requests.insert(command, caller, fingerprint, idempotencyKey);
		}
		catch (DuplicateKeyException raced) {
			// the same key arrived twice at once; the other one won
			return repeat(command, requests.findByIdempotencyKey(caller, idempotencyKey).orElseThrow(), fingerprint,
					idempotencyKey, wait);
		}
		return publishAndAwait(command, wait, false);
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
		if (state.alternatives() != null || state.result() == null || !(Alternatives.isRejectedHold(state.result())
				|| Alternatives.isRejectedReschedule(state.result()))) {
			return state;
		}
		return state.withAlternatives(
				requests.keepAlternatives(state.requestId(), alternatives.offeredFor(state.result(), command)));
	}

	/** @param command the new one, which is not published: the earlier request stands */
	private CompletableFuture<RequestState> repeat(BookingCommand command, StoredRequest earlier, String fingerprint,
			String key, Duration wait) {
		inFlight.done(command.requestId());
		if (!earlier.fingerprint().equals(fingerprint)) {
			throw Problems.idempotencyKeyReused(key);
		}
		if (earlier.result() != null) {
			return CompletableFuture.completedFuture(withAlternatives(RequestState.of(earlier), earlier.bookingCommand()));
		}
		// the earlier request's command is the one on its way now, not the new one
		inFlight.take(earlier.requestId());
		return publishAndAwait(earlier.bookingCommand(), wait, earlier.publishFailed());
	}

	private CompletableFuture<RequestState> publishAndAwait(BookingCommand command, Duration wait,
			boolean failedBefore) {
		UUID requestId = command.requestId();
		// registered before publishing, so that a quick result cannot slip past
		Optional<CompletableFuture<CommandResult>> waiter = wait.isZero() ? Optional.empty() : waiters.register(requestId);
		try {
			publisher.publish(command);
		}
		catch (ErrorResponseException notPublished) {
			waiters.forget(requestId);
			inFlight.done(requestId);
			requests.markPublishFailed(requestId, true);
			throw notPublished;
		}
		if (failedBefore) {
			requests.markPublishFailed(requestId, false);
		}
		if (waiter.isEmpty()) {
			// not asked to wait (or too many waiting already): accepted, and that is all the answer says
			return CompletableFuture.completedFuture(pending(command));
		}
		Timer.Sample sample = Timer.start(meters);
		return waiter.get()
			.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
			.thenApplyAsync(result -> {
				waiters.forget(requestId);
				// end to end, for requests that waited: publish, worker, outbox, result back here
				sample.stop(meters.timer("booking.requests.latency", "command", command.type(), "outcome",
						result == null ? "PENDING" : result.outcome().name()));
				return result != null ? withAlternatives(RequestState.of(result), command) : pending(command);
			}, answering);
	}

	private static RequestState pending(BookingCommand command) {
		return new RequestState(command.requestId(), command.type(), command.bookingId(), RequestState.Status.PENDING,
				null, null);
	}
}
