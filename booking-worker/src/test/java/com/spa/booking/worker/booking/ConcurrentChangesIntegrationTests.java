package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;

import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.testing.BookingHistory;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ConfirmSession;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.ExpireSession;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.SessionItem;

/**
 * The races that once undid paid bookings, each made to happen exactly: the production {@link CommandApplier} on two
 * threads, one of them stopped by the {@link StatementGate} between what it read and what it writes while the other
 * commits. Each ends in the right state, with an event history that replays to it. Commands are applied as a consumer
 * would apply them, without the fencing check, since a second writer is just what fencing exists to stop.
 */
class ConcurrentChangesIntegrationTests extends WorkerIntegrationTestSupport {

	@Autowired
	CommandApplier applier;

	@Autowired
	com.spa.booking.worker.publishing.MessagePublisher publisher;

	@Autowired
	StatementGate gate;

	final UUID otherTherapist = UUID.randomUUID();

	final UUID otherCustomer = UUID.randomUUID();

	@Test
	void anExpiryThatReadTheHoldBeforeItsConfirmCommittedWritesNothingAndDecidesAgain() throws Exception {
		givenTherapistAndCustomer();
		// run out a moment ago: the expiry timer leaves it alone through its grace, the expiry below asks as if after
		Instant requested = Instant.now().minus(properties.holdTtl()).minusSeconds(1);
		PlaceHold hold = hold(tomorrow, requested);
		apply(hold);
		var expire = new ExpireHold(UUID.randomUUID(), Instant.now().plus(settings.holdGrace()), hold.bookingId(),
				therapist);
		// requested before the expiry, arriving after it: it confirms
		var confirm = new ConfirmBooking(UUID.randomUUID(), expiryOf(requested).minusMillis(1), hold.bookingId(), therapist);

		var expiring = gate.pauseBefore(at -> at.startsWith("UPDATE bookings") && at.mentions(hold.bookingId()),
				() -> apply(expire));
		expiring.awaitPaused();
		assertThat(apply(confirm).outcome()).isEqualTo(Outcome.SUCCEEDED);

		assertThatThrownBy(() -> expiring.release().join()).hasRootCauseInstanceOf(BookingChangedMeanwhile.class);
		assertThat(statusOf(hold.bookingId())).isEqualTo("CONFIRMED");
		// applied again, as the consumer's retry does: decided afresh from the confirmed booking
		CommandResult again = apply(expire);
		assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(again.booking().status()).isEqualTo(BookingStatus.CONFIRMED);
		assertHistory(hold.bookingId(), BookingStatus.CONFIRMED, "BookingHeld", "BookingConfirmed");
	}

	@Test
	void aRescheduleThatReadTheBookingBeforeItsCancelCommittedMovesNothing() throws Exception {
		givenTherapistAndCustomer();
		PlaceHold hold = hold(tomorrow, Instant.now());
		apply(hold);
		apply(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
		var reschedule = new RescheduleBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist, therapist,
				tomorrow.plus(Duration.ofHours(3)));

		var moving = gate.pauseBefore(at -> at.startsWith("UPDATE bookings") && at.mentions(hold.bookingId()),
				() -> apply(reschedule));
		moving.awaitPaused();
		apply(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));

		assertThatThrownBy(() -> moving.release().join()).hasRootCauseInstanceOf(BookingChangedMeanwhile.class);
		assertThat(apply(reschedule).rejection().reason()).isEqualTo(RejectionReason.NOT_CONFIRMED);
		assertThat(jdbc.sql("SELECT starts_at = ? FROM bookings WHERE id = ?").params(at(tomorrow), hold.bookingId())
			.query(Boolean.class).single()).as("still at its old time").isTrue();
		assertHistory(hold.bookingId(), BookingStatus.CANCELLED, "BookingHeld", "BookingConfirmed", "BookingCancelled");
	}

	/**
	 * The customer pays two seconds after the session ran out. Before, the item's therapist's partition expired the item
	 * on its own, from a read taken before the session's confirm committed: the session ended half confirmed, its item's time
	 * free for anyone. Now a session's items expire with the session, on the session's partition.
	 */
	@Test
	void aSessionItemsExpiryOnItsTherapistsPartitionCannotUndoTheSessionsConfirmation() throws Exception {
		givenSession();
		Instant requested = Instant.now().minus(properties.holdTtl()).minusSeconds(2);
		HoldSession session = holdSession(requested);
		SessionItem x = session.items().get(1);
		// what the expiry timer used to send for an item: on the item's therapist's partition
		var itemExpiry = new ExpireHold(UUID.randomUUID(), Instant.now().plus(settings.holdGrace()), x.bookingId(),
				otherTherapist);

		var expiring = gate.pauseBefore(at -> at.startsWith("INSERT INTO processed_commands")
				&& at.mentions(itemExpiry.requestId()), () -> apply(itemExpiry));
		expiring.awaitPaused();
		CommandResult paid = apply(new ConfirmSession(UUID.randomUUID(), Instant.now(), session.sessionId(),
				therapist));

		assertThat(paid.outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(expiring.release().join().rejection().reason()).isEqualTo(RejectionReason.PART_OF_SESSION);
		// and what the timer sends now, on the session's partition, finds nothing to expire
		assertThat(apply(new ExpireSession(UUID.randomUUID(), Instant.now().plus(settings.holdGrace()),
				session.sessionId(), therapist)).outcome()).isEqualTo(Outcome.SUCCEEDED);
		for (SessionItem item : session.items()) {
			assertHistory(item.bookingId(), BookingStatus.CONFIRMED, "BookingHeld", "HoldExpired", "BookingConfirmed");
		}
		PlaceHold someoneElse = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), otherCustomer,
				otherTherapist, SERVICE_60_MIN, x.start());
		assertThat(apply(someoneElse).rejection().reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
	}

	/**
	 * A session pays late for an item whose time another customer's hold took and let run out too, while that customer
	 * pays late as well. Before, the session's partition expired the other hold blindly while its own partition confirmed
	 * it: both customers were told CONFIRMED for one therapist and time. Now the other hold is its own partition's to
	 * expire: the session, finding it in the way, is rejected.
	 */
	@Test
	void aSessionsLatePaymentLeavesAnotherPartitionsRunOutHoldToThatPartition() throws Exception {
		givenSession();
		HoldSession session = holdSession(longRunOut());
		SessionItem x = session.items().get(1);
		apply(new ExpireSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist));
		PlaceHold y = new PlaceHold(UUID.randomUUID(), longRunOut(), UUID.randomUUID(), otherCustomer, otherTherapist,
				SERVICE_60_MIN, x.start());
		assertThat(apply(y).outcome()).isEqualTo(Outcome.SUCCEEDED);
		// the expiry timer's own request for y waits until the race is over, so that y stays run out but unmarked
		UUID timersRequest = UUID.nameUUIDFromBytes(("ExpireHold:" + y.bookingId()).getBytes(StandardCharsets.UTF_8));
		try (var timerHeldBack = gate.failWith(at -> at.mentions(timersRequest),
				() -> new TransientDataAccessResourceException("held back by the test"))) {
			raceForTheTime(session, x, y);
		}
	}

	private void raceForTheTime(HoldSession session, SessionItem x, PlaceHold y) throws Exception {
		// the session has looked for run-out holds in x's way, and stops before whatever it does next
		var sessionPaying = gate.pauseBefore(
				StatementGate.after(at -> at.sql().contains("hold_expires_at <=") && at.mentions(otherTherapist)),
				() -> apply(new ConfirmSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist)));
		sessionPaying.awaitPaused();
		CommandResult yPaid = apply(new ConfirmBooking(UUID.randomUUID(), Instant.now(), y.bookingId(),
				otherTherapist));

		assertThat(yPaid.outcome()).isEqualTo(Outcome.SUCCEEDED);
		CommandResult sessionPaid = sessionPaying.release().join();
		assertThat(sessionPaid.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(sessionPaid.rejection().reason()).isEqualTo(RejectionReason.HOLD_EXPIRED);
		assertHistory(y.bookingId(), BookingStatus.CONFIRMED, "BookingHeld", "HoldExpired", "BookingConfirmed");
		assertHistory(x.bookingId(), BookingStatus.EXPIRED, "BookingHeld", "HoldExpired");
		assertHistory(session.items().get(0).bookingId(), BookingStatus.EXPIRED, "BookingHeld", "HoldExpired");
	}

	/**
	 * Before, an item could be rescheduled on its therapist's partition while its session was cancelled on the session's:
	 * the table said CANCELLED, the last event BookingRescheduled (CONFIRMED). Now an item moves only with its session.
	 */
	@Test
	void aSessionItemCannotBeRescheduledOnItsOwnWhileItsSessionIsCancelled() throws Exception {
		givenSession();
		HoldSession session = holdSession(Instant.now());
		apply(new ConfirmSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist));
		SessionItem x = session.items().get(1);
		var reschedule = new RescheduleBooking(UUID.randomUUID(), Instant.now(), x.bookingId(), otherTherapist,
				otherTherapist, x.start().plus(Duration.ofHours(3)));

		var moving = gate.pauseBefore(at -> at.startsWith("INSERT INTO processed_commands")
				&& at.mentions(reschedule.requestId()), () -> apply(reschedule));
		moving.awaitPaused();
		apply(new CancelSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist));

		assertThat(moving.release().join().rejection().reason()).isEqualTo(RejectionReason.PART_OF_SESSION);
		assertHistory(x.bookingId(), BookingStatus.CANCELLED, "BookingHeld", "BookingConfirmed", "BookingCancelled");
	}

	/** As the consumer does: the command in a transaction of its own, then what it decided published. */
	private CommandResult apply(com.spa.booking.schemas.BookingCommand command) {
		var applied = applier.apply(command);
		publisher.publish(List.of(applied));
		return applied.result();
	}

	/** Two therapists and two customers; the first therapist's partition is the session's. */
	private void givenSession() {
		givenTherapistAndCustomer();
		givenTherapist(otherTherapist);
		jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Other customer', ?)")
			.params(otherCustomer, otherCustomer + "@example.com")
			.update();
	}

	/** A massage with each therapist, one after the other, keyed by the first therapist. */
	private HoldSession holdSession(Instant requested) {
		HoldSession session = new HoldSession(UUID.randomUUID(), requested, UUID.randomUUID(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, SERVICE_60_MIN, tomorrow),
						new SessionItem(UUID.randomUUID(), otherTherapist, SERVICE_60_MIN, tomorrow.plus(Duration.ofHours(2)))));
		assertThat(apply(session).outcome()).isEqualTo(Outcome.SUCCEEDED);
		return session;
	}

	/** A request so long ago that its hold, and its grace, ran out. */
	private Instant longRunOut() {
		return Instant.now().minus(properties.holdTtl()).minus(settings.holdGrace()).minusSeconds(5);
	}

	private Instant expiryOf(Instant requested) {
		return requested.plus(properties.holdTtl());
	}

	/** The booking's events, as a consumer sees them, are these and replay to the state the table holds. */
	private void assertHistory(UUID bookingId, BookingStatus status, String... types) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsFor(bookingId))
			.map(BookingEvent::type)
			.filteredOn(type -> !type.equals("BookingRejected"))
			.containsExactly(types));
		assertThat(BookingHistory.replay(eventsFor(bookingId))).isEqualTo(status);
		assertThat(statusOf(bookingId)).isEqualTo(status.name());
	}
}
