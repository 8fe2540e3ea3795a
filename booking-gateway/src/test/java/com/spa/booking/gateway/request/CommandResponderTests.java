package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.Role;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.SessionItem;

class CommandResponderTests {

	/** Shows a success as its booking's ID, found under /things. */
	static final AnswerShape<BookingCommand, UUID> THING = AnswerShape.of(CommandResult::bookingId,
			id -> URI.create("/things/" + id));

	final PlaceHold hold = PlaceHold.requested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), Instant.now());

	final ConfirmBooking confirm = new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(),
			hold.therapistId());

	@Test
	void anUndecidedRequestIsAccepted202WithItsLocationItsIdAndItsStatus() {
		ResponseEntity<Object> answer = CommandResponder.answer(hold, pending(hold), THING);

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(answer.getHeaders().getLocation()).hasToString("/api/v1/requests/" + hold.requestId());
		assertThat(answer.getBody()).isEqualTo(Map.of("requestId", hold.requestId(), "status", RequestState.Status.PENDING));
	}

	@Test
	void anUndecidedRequestsBodyCarriesWhatItsShapeAdds() {
		AnswerShape<BookingCommand, UUID> named = new AnswerShape<>() {

			@Override
			public UUID view(CommandResult succeeded) {
				return succeeded.bookingId();
			}

			@Override
			public URI location(UUID view) {
				return URI.create("/");
			}

			@Override
			public Map<String, Object> pendingMembers(BookingCommand command) {
				return Map.of("bookingId", command.bookingId());
			}
		};

		ResponseEntity<Object> answer = CommandResponder.answer(hold, pending(hold), named);

		assertThat(answer.getBody()).isEqualTo(Map.of("requestId", hold.requestId(), "bookingId", hold.bookingId(),
				"status", RequestState.Status.PENDING));
	}

	@Test
	void aSucceededHoldIsCreated201AtItsLocationAndASucceededChangeIsOk200() {
		ResponseEntity<Object> created = CommandResponder.answer(hold, succeeded(hold), THING);
		ResponseEntity<Object> changed = CommandResponder.answer(confirm, succeeded(confirm), THING);

		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getHeaders().getLocation()).hasToString("/things/" + hold.bookingId());
		assertThat(created.getBody()).isEqualTo(hold.bookingId());
		assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(changed.getHeaders().getLocation()).isNull();
		assertThat(changed.getBody()).isEqualTo(hold.bookingId());
	}

	@Test
	void onlyTheCommandsThatHoldCreateSomething() {
		HoldSession session = HoldSession.requested(UUID.randomUUID(),
				List.of(SessionItem.requested(UUID.randomUUID(), UUID.randomUUID(), hold.start())), Instant.now());

		assertThat(CommandResponder.creates(hold)).isTrue();
		assertThat(CommandResponder.creates(session)).isTrue();
		assertThat(CommandResponder.creates(confirm)).isFalse();
		assertThat(CommandResponder.creates(new CancelSession(UUID.randomUUID(), Instant.now(), session.sessionId(),
				hold.therapistId()))).isFalse();
	}

	@Test
	void aRejectedOrFailedRequestIsItsProblemWithTheProblemsStatus() {
		RequestState rejected = RequestState.of(CommandResult.rejected(hold, booking(null),
				new Rejection(RejectionReason.SLOT_TAKEN, "taken"), Instant.now()));
		RequestState notPublished = new RequestState(hold.requestId(), hold.type(), hold.bookingId(),
				RequestState.Status.FAILED, null, null);

		ResponseEntity<Object> conflict = CommandResponder.answer(hold, rejected, THING);
		ResponseEntity<Object> failed = CommandResponder.answer(hold, notPublished, THING);

		assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(conflict.getBody()).isInstanceOfSatisfying(ProblemDetail.class,
				problem -> assertThat(problem.getType()).hasToString("urn:spa-booking:problem:slot-taken"));
		assertThat(failed.getStatusCode().value()).isEqualTo(((ProblemDetail) failed.getBody()).getStatus());
	}

	@Test
	void anAnswerSaysWhichWaitItGotOnlyWhenItWaited() {
		CommandSubmitter submitter = mock(CommandSubmitter.class);
		Caller desk = new Caller("desk", Set.of(Role.FRONT_DESK));
		IdempotencyKey key = new IdempotencyKey("k");
		given(submitter.submit(hold, desk, key, Duration.ofSeconds(7)))
			.willReturn(CompletableFuture.completedFuture(succeeded(hold)));
		given(submitter.submit(hold, desk, key, Duration.ZERO))
			.willReturn(CompletableFuture.completedFuture(pending(hold)));
		CommandResponder responder = new CommandResponder(submitter);

		ResponseEntity<Object> waited = responder.submit(hold, desk, new WaitPreference(Duration.ofSeconds(7)), key, THING)
			.join();
		ResponseEntity<Object> atOnce = responder.submit(hold, desk, WaitPreference.NONE, key, THING).join();

		assertThat(waited.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(waited.getHeaders().getFirst(WaitPreference.PREFERENCE_APPLIED)).isEqualTo("wait=7");
		assertThat(waited.getHeaders().getLocation()).hasToString("/things/" + hold.bookingId());
		assertThat(atOnce.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(atOnce.getHeaders().containsHeader(WaitPreference.PREFERENCE_APPLIED)).isFalse();
	}

	private static RequestState pending(BookingCommand command) {
		return new RequestState(command.requestId(), command.type(), command.bookingId(), RequestState.Status.PENDING,
				null, null);
	}

	private RequestState succeeded(BookingCommand command) {
		return RequestState.of(CommandResult.succeeded(command, booking(BookingStatus.HELD), Instant.now()));
	}

	private BookingSnapshot booking(BookingStatus status) {
		return new BookingSnapshot(hold.bookingId(), hold.customerId(), hold.therapistId(), hold.serviceId(),
				hold.start(), hold.start().plus(1, ChronoUnit.HOURS), status, null, null, null);
	}
}
