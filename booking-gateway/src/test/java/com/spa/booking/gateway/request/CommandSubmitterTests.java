package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.TestProperties;
import com.spa.booking.gateway.availability.AlternativeFinder;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.Role;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.RejectionReason;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * How a request goes from its record to its answer, each step chained on the one before: nothing is published before
 * the request is recorded, nobody waits for the record, the broker or the worker, and what goes wrong on the way ends
 * as it always did (a 503 for a command the broker did not take, the earlier request's outcome for a reused key). The
 * database and the broker are stood in for; the whole way is tested in local-stack.
 */
class CommandSubmitterTests {

	static final Caller DESK = new Caller("desk", Set.of(Role.FRONT_DESK));

	static final IdempotencyKey KEY = new IdempotencyKey("key");

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final GatewayProperties properties = TestProperties.gateway(Map.of());

	final Requests requests = mock(Requests.class);

	final RequestRecorder recorder = mock(RequestRecorder.class);

	final CommandPublisher publisher = mock(CommandPublisher.class);

	final AlternativeFinder alternatives = mock(AlternativeFinder.class);

	final ResultWaitList waiters = new ResultWaitList(properties, meters);

	final InFlightLimit inFlight = new InFlightLimit(properties, Clock.systemUTC(), meters);

	/** What runs on the executor for answers, counted; run at once. */
	final AtomicInteger answeredElsewhere = new AtomicInteger();

	final Executor answering = task -> {
		answeredElsewhere.incrementAndGet();
		task.run();
	};

	final CommandSubmitter submitter = new CommandSubmitter(requests, recorder, publisher, waiters, alternatives,
			inFlight, answering, meters, ObservationRegistry.NOOP);

	final PlaceHold hold = PlaceHold.requested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), Instant.now());

	@Test
	void aCommandIsPublishedOnlyOnceItsRequestIsRecordedAndTheAnswerWaitsForTheResultWithoutAThread() {
		CompletableFuture<Boolean> recorded = new CompletableFuture<>();
		CompletableFuture<Void> published = new CompletableFuture<>();
		given(recorder.record(new NewRequest(hold, "desk", hold.fingerprint(), "key"))).willReturn(recorded);
		given(publisher.publish(eq(hold), any())).willReturn(published);

		CompletableFuture<RequestState> answer = submitter.submit(hold, DESK, KEY,
				Duration.ofSeconds(10));
		verify(publisher, never()).publish(any(), any());

		recorded.complete(true);
		verify(publisher).publish(eq(hold), any());
		assertThat(waiting()).as("registered before the send").isOne();

		published.complete(null);
		assertThat(answer).isNotDone();

		waiters.complete(CommandResult.succeeded(hold, booking(BookingStatus.HELD), Instant.now()));
		assertThat(answer).isCompleted();
		assertThat(answer.join().status()).isEqualTo(RequestState.Status.SUCCEEDED);
		assertThat(answeredElsewhere).as("a success is answered on the thread that hands the result over").hasValue(0);
		assertThat(waiting()).isZero();
	}

	@Test
	void aRequestNotWaitingIsAcceptedOnceTheBrokerHasItsCommand() {
		CompletableFuture<Void> published = new CompletableFuture<>();
		given(recorder.record(any())).willReturn(CompletableFuture.completedFuture(true));
		given(publisher.publish(eq(hold), any())).willReturn(published);

		CompletableFuture<RequestState> answer = submitter.submit(hold, DESK, IdempotencyKey.NONE,
				Duration.ZERO);
		assertThat(answer).isNotDone();

		published.complete(null);
		assertThat(answer.join().status()).isEqualTo(RequestState.Status.PENDING);
		assertThat(onTheirWay()).as("on its way until its result comes").isOne();
	}

	@Test
	void aCommandTheBrokerDidNotTakeIsA503AndItsRequestIsMarkedAndNeitherOnItsWayNorWaiting() {
		given(recorder.record(any())).willReturn(CompletableFuture.completedFuture(true));
		given(publisher.publish(eq(hold), any())).willReturn(CompletableFuture
			.failedFuture(Problems.commandNotPublished(hold.requestId(), new TimeoutException("no broker"))));

		Throwable failed = catchThrowable(
				submitter.submit(hold, DESK, KEY, Duration.ofSeconds(10))::join);

		assertThat(failed).cause().isInstanceOfSatisfying(ErrorResponseException.class,
				notPublished -> assertThat(notPublished.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		verify(requests).markPublishFailed(hold.requestId(), true);
		assertThat(onTheirWay()).isZero();
		assertThat(waiting()).isZero();
	}

	@Test
	void aRequestThatCouldNotBeRecordedIsNeitherPublishedNorOnItsWay() {
		given(recorder.record(any()))
			.willReturn(CompletableFuture.failedFuture(new DataAccessResourceFailureException("database away")));

		Throwable failed = catchThrowable(
				submitter.submit(hold, DESK, IdempotencyKey.NONE, Duration.ofSeconds(10))::join);

		assertThat(failed).cause().isInstanceOf(DataAccessResourceFailureException.class);
		verify(publisher, never()).publish(any(), any());
		assertThat(onTheirWay()).isZero();
	}

	@Test
	void aKeyUsedBeforeAnswersWithTheEarlierRequestsOutcomeAndPublishesNothing() {
		PlaceHold earlier = PlaceHold.requested(hold.customerId(), hold.therapistId(), hold.serviceId(), hold.start(),
				Instant.now().minusSeconds(5));
		CommandResult outcome = CommandResult.succeeded(earlier, booking(BookingStatus.HELD), Instant.now());
		given(recorder.record(any())).willReturn(CompletableFuture.completedFuture(false));
		given(requests.findByIdempotencyKey("desk", "key")).willReturn(Optional.of(stored(earlier, outcome)));

		RequestState state = submitter.submit(hold, DESK, KEY, Duration.ofSeconds(10)).join();

		assertThat(state.requestId()).isEqualTo(earlier.requestId());
		assertThat(state.status()).isEqualTo(RequestState.Status.SUCCEEDED);
		verify(publisher, never()).publish(any(), any());
		assertThat(onTheirWay()).isZero();
	}

	@Test
	void aKeyUsedBeforeForAnotherRequestIsUnprocessable() {
		PlaceHold other = PlaceHold.requested(hold.customerId(), hold.therapistId(), hold.serviceId(),
				hold.start().plus(1, ChronoUnit.HOURS), Instant.now());
		given(recorder.record(any())).willReturn(CompletableFuture.completedFuture(false));
		given(requests.findByIdempotencyKey("desk", "key")).willReturn(Optional.of(stored(other, null)));

		Throwable failed = catchThrowable(
				submitter.submit(hold, DESK, KEY, Duration.ofSeconds(10))::join);

		assertThat(failed).cause().isInstanceOfSatisfying(ErrorResponseException.class,
				reused -> assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT));
		verify(publisher, never()).publish(any(), any());
		assertThat(onTheirWay()).isZero();
	}

	@Test
	void aRepeatOfARequestStillPendingPublishesTheEarlierCommandAgain() {
		PlaceHold earlier = PlaceHold.requested(hold.customerId(), hold.therapistId(), hold.serviceId(), hold.start(),
				Instant.now().minusSeconds(5));
		given(recorder.record(any())).willReturn(CompletableFuture.completedFuture(false));
		given(requests.findByIdempotencyKey("desk", "key")).willReturn(Optional.of(stored(earlier, null)));
		given(publisher.publish(eq(earlier), any())).willReturn(CompletableFuture.completedFuture(null));

		RequestState state = submitter.submit(hold, DESK, KEY, Duration.ZERO).join();

		assertThat(state.requestId()).isEqualTo(earlier.requestId());
		assertThat(state.status()).isEqualTo(RequestState.Status.PENDING);
		verify(publisher, never()).publish(eq(hold), any());
		assertThat(onTheirWay()).as("the earlier one, once").isOne();
	}

	@Test
	void aRejectedHoldWorksOutItsAlternativesOffTheThreadThatHandsTheResultOver() {
		given(recorder.record(any())).willReturn(CompletableFuture.completedFuture(true));
		given(publisher.publish(eq(hold), any())).willReturn(CompletableFuture.completedFuture(null));
		given(alternatives.offeredFor(any(), eq(hold))).willReturn(Map.of(hold.bookingId(), List.of()));
		given(requests.keepAlternatives(eq(hold.requestId()), any())).willReturn(Map.of(hold.bookingId(), List.of()));
		CompletableFuture<RequestState> answer = submitter.submit(hold, DESK, IdempotencyKey.NONE,
				Duration.ofSeconds(10));

		waiters.complete(CommandResult.rejected(hold, booking(null),
				new Rejection(RejectionReason.SLOT_TAKEN, "taken"), Instant.now()));

		assertThat(answer.join().status()).isEqualTo(RequestState.Status.REJECTED);
		assertThat(answer.join().alternativesTo(hold.bookingId())).isEmpty();
		assertThat(answeredElsewhere).hasValue(1);
	}

	private BookingSnapshot booking(BookingStatus status) {
		return new BookingSnapshot(hold.bookingId(), hold.customerId(), hold.therapistId(), hold.serviceId(),
				hold.start(), hold.start().plus(1, ChronoUnit.HOURS), status, null, null, null);
	}

	private static StoredRequest stored(PlaceHold command, CommandResult result) {
		return new StoredRequest(command.requestId(), "desk", command.fingerprint(), command.type(), command.bookingId(),
				Messages.toJson(command), false, result, null);
	}

	private double waiting() {
		return meters.get("booking.requests.waiting").gauge().value();
	}

	private double onTheirWay() {
		return meters.get("booking.requests.in.flight").gauge().value();
	}
}
