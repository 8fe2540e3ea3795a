package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.testing.SharedInfrastructure;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.Topics;
import com.spa.booking.worker.WorkerApplication;
import com.spa.booking.worker.WorkerProperties;

/**
 * The worker against a real Kafka broker and a real PostgreSQL: idempotency, expiry, rejections, the backstop, retries
 * and dead letters.
 */
class BookingCommandsIntegrationTests extends WorkerIntegrationTestSupport {

	@Test
	void aCommandRedeliveredFiveTimesMakesOneBookingAndTheSameResultEachTime() {
		givenTherapistAndCustomer();
		PlaceHold hold = hold(tomorrow, Instant.now());

		for (int i = 0; i < 5; i++) {
			send(hold);
		}

		await().until(() -> resultsFor(hold.requestId()).size() == 5);
		List<CommandResult> answers = resultsFor(hold.requestId());
		assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(answers.get(0)));
		assertThat(answers.get(0).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(count("SELECT count(*) FROM bookings WHERE therapist_id = ?", therapist)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ?", hold.requestId())).isEqualTo(1);
		// a redelivery sends the stored event again, identical, for the first may not have reached Kafka
		List<BookingEvent> held = eventsFor(hold.bookingId());
		assertThat(held).allSatisfy(copy -> assertThat(copy).isEqualTo(held.get(0)));
		assertThat(held.get(0)).isInstanceOf(BookingHeld.class);
	}

	@Test
	void aHoldPastItsTtlIsExpiredAnnouncedAndItsTimeCanBeHeldAgain() {
		givenTherapistAndCustomer();
		// requested so long ago that its TTL runs out two seconds from now
		PlaceHold hold = hold(tomorrow, Instant.now().minus(properties.holdTtl()).plusSeconds(2));

		assertThat(resultOf(send(hold)).outcome()).isEqualTo(Outcome.SUCCEEDED);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> eventsFor(hold.bookingId()).stream().anyMatch(HoldExpired.class::isInstance));
		assertThat(statusOf(hold.bookingId())).isEqualTo("EXPIRED");
		HoldExpired expired = (HoldExpired) eventsFor(hold.bookingId()).get(1);
		assertThat(expired.booking().status()).isEqualTo(BookingStatus.EXPIRED);

		PlaceHold again = hold(tomorrow, Instant.now());
		assertThat(resultOf(send(again)).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(statusOf(again.bookingId())).isEqualTo("HELD");
	}

	@Test
	void aHoldThatRanOutWithItsGraceNeverBlocksANewOneAndIsExpiredExactlyOnce() {
		givenTherapistAndCustomer();
		PlaceHold ranOut = hold(tomorrow, Instant.now().minus(properties.holdTtl()).minus(settings.holdGrace()).minusSeconds(1));
		PlaceHold next = hold(tomorrow.plus(Duration.ofMinutes(30)), Instant.now());

		send(ranOut);
		send(next);

		assertThat(resultOf(next).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(statusOf(ranOut.bookingId())).isEqualTo("EXPIRED");
		await().until(() -> eventsFor(ranOut.bookingId()).size() == 2);
		assertThat(eventsFor(ranOut.bookingId())).filteredOn(HoldExpired.class::isInstance).hasSize(1);
	}

	@Test
	void aConfirmAfterTheHoldExpiredConfirmsAfterAllIfTheTimeIsStillFree() {
		givenTherapistAndCustomer();
		PlaceHold hold = send(hold(tomorrow, Instant.now().minus(properties.holdTtl()).minusSeconds(1)));

		CommandResult confirm = resultOf(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)));

		assertThat(confirm.outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(confirm.booking().status()).isEqualTo(BookingStatus.CONFIRMED);
		assertThat(statusOf(hold.bookingId())).isEqualTo("CONFIRMED");
		await().until(() -> eventsFor(hold.bookingId()).size() == 3);
		assertThat(eventsFor(hold.bookingId())).map(BookingEvent::type)
			.containsExactly("BookingHeld", "HoldExpired", "BookingConfirmed");
	}

	@Test
	void aConfirmAfterTheHoldExpiredIsRejectedAsExpiredIfSomeoneElseTookTheTime() {
		givenTherapistAndCustomer();
		PlaceHold hold = send(hold(tomorrow, Instant.now().minus(properties.holdTtl()).minus(settings.holdGrace()).minusSeconds(1)));
		UUID someoneElse = UUID.randomUUID();
		jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Other', ?)").params(someoneElse, someoneElse + "@example.com").update();
		PlaceHold taken = send(new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), someoneElse, therapist,
				SERVICE_60_MIN, tomorrow));
		assertThat(resultOf(taken).outcome()).isEqualTo(Outcome.SUCCEEDED);

		CommandResult confirm = resultOf(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)));

		assertThat(confirm.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(confirm.rejection().reason()).isEqualTo(RejectionReason.HOLD_EXPIRED);
		assertThat(confirm.booking().status()).isEqualTo(BookingStatus.EXPIRED);
		assertThat(statusOf(hold.bookingId())).isEqualTo("EXPIRED");
		assertRejectionAnnounced(confirm);
	}

	@Test
	void aConfirmRequestedBeforeTheExpiryConfirmsThoughAnotherHoldForTheTimeLandedFirst() {
		givenTherapistAndCustomer();
		Instant requested = Instant.now().minus(properties.holdTtl()).plusSeconds(1);
		PlaceHold hold = send(hold(tomorrow, requested));
		assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);
		Instant expiry = requested.plus(properties.holdTtl());
		UUID someoneElse = UUID.randomUUID();
		jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Other', ?)").params(someoneElse, someoneElse + "@example.com").update();

		// in the log: a hold for the same time, requested just after the expiry, then the confirm requested before it
		PlaceHold other = send(new PlaceHold(UUID.randomUUID(), expiry.plusMillis(1), UUID.randomUUID(), someoneElse,
				therapist, SERVICE_60_MIN, tomorrow));
		ConfirmBooking confirm = send(new ConfirmBooking(UUID.randomUUID(), expiry.minusMillis(1), hold.bookingId(), therapist));

		assertThat(resultOf(other).rejection().reason()).as("the hold keeps its time through its grace")
			.isEqualTo(RejectionReason.SLOT_TAKEN);
		assertThat(resultOf(confirm).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(statusOf(hold.bookingId())).isEqualTo("CONFIRMED");
		await().until(() -> eventsFor(hold.bookingId()).size() == 2);
		assertThat(eventsFor(hold.bookingId())).map(BookingEvent::type).containsExactly("BookingHeld", "BookingConfirmed");
	}

	@Test
	void aCustomerCanHoldAtMostThreeItemsAtOnceAndConfirmingFreesAPlace() {
		givenTherapistAndCustomer();
		List<PlaceHold> holds = List.of(hold(tomorrow, Instant.now()), hold(tomorrow.plus(Duration.ofHours(2)), Instant.now()),
				hold(tomorrow.plus(Duration.ofHours(4)), Instant.now()));
		holds.forEach(this::send);
		holds.forEach(hold -> assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED));

		PlaceHold fourth = send(hold(tomorrow.plus(Duration.ofHours(6)), Instant.now()));
		assertThat(resultOf(fourth).rejection().reason()).isEqualTo(RejectionReason.TOO_MANY_HOLDS);

		send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), holds.get(0).bookingId(), therapist));
		PlaceHold fifth = send(hold(tomorrow.plus(Duration.ofHours(6)), Instant.now()));
		assertThat(resultOf(fifth).outcome()).isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void holdsThatClashWithNothingAreAppliedInTheirBatchNotAgainOneAtATime(@Autowired MeterRegistry meters) {
		givenTherapistAndCustomer();
		double fallbacksBefore = meters.counter("booking.batch.fallbacks").count();

		List<PlaceHold> holds = List.of(hold(tomorrow, Instant.now()), hold(tomorrow.plus(Duration.ofHours(2)), Instant.now()),
				hold(tomorrow.plus(Duration.ofHours(4)), Instant.now()));
		holds.forEach(this::send);

		holds.forEach(hold -> assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED));
		// a batch that fails is applied again one at a time, with the same outcomes, only slower: count it
		assertThat(meters.counter("booking.batch.fallbacks").count()).isEqualTo(fallbacksBefore);
	}

	@Test
	void aCustomerCanHaveAtMostTenBookingsThatHaveNotTakenPlaceAndCancellingFreesAPlace() {
		givenTherapistAndCustomer();
		List<PlaceHold> booked = new java.util.ArrayList<>();
		for (int i = 0; i < properties.maxActiveBookingsPerCustomer(); i++) {
			PlaceHold hold = send(hold(tomorrow.plus(Duration.ofHours(2L * i)), Instant.now()));
			assertThat(resultOf(hold).outcome()).as("hold " + i).isEqualTo(Outcome.SUCCEEDED);
			ConfirmBooking confirm = send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
			assertThat(resultOf(confirm).outcome()).as("confirm " + i).isEqualTo(Outcome.SUCCEEDED);
			booked.add(hold);
		}

		PlaceHold oneTooMany = send(hold(tomorrow.plus(Duration.ofHours(22)), Instant.now()));
		assertThat(resultOf(oneTooMany).rejection().reason()).isEqualTo(RejectionReason.TOO_MANY_BOOKINGS);
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE customer_id = ? AND status IN ('HELD', 'CONFIRMED')")
			.param(customer).query(Integer.class).single()).isEqualTo(properties.maxActiveBookingsPerCustomer());

		send(new CancelBooking(UUID.randomUUID(), Instant.now(), booked.get(0).bookingId(), therapist));
		PlaceHold afterCancel = send(hold(tomorrow.plus(Duration.ofHours(22)), Instant.now()));
		assertThat(resultOf(afterCancel).outcome()).isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void confirmingACancelledBookingIsRejectedAsCancelled() {
		givenTherapistAndCustomer();
		PlaceHold hold = send(hold(tomorrow, Instant.now()));
		send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
		assertThat(resultOf(send(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)))
			.booking().status()).isEqualTo(BookingStatus.CANCELLED);

		CommandResult confirm = resultOf(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)));

		assertThat(confirm.rejection().reason()).isEqualTo(RejectionReason.BOOKING_CANCELLED);
		assertThat(statusOf(hold.bookingId())).isEqualTo("CANCELLED");
		assertRejectionAnnounced(confirm);
	}

	@Test
	void confirmingAnUnknownBookingIsRejectedAsNotFound() {
		UUID unknown = UUID.randomUUID();

		CommandResult confirm = resultOf(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), unknown, therapist)));

		assertThat(confirm.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(confirm.rejection().reason()).isEqualTo(RejectionReason.BOOKING_NOT_FOUND);
		assertThat(count("SELECT count(*) FROM bookings WHERE id = ?", unknown)).isZero();
		assertRejectionAnnounced(confirm);
	}

	/**
	 * The gateway keys a booking's command by the therapist it read for the booking; a move committed after that read
	 * leaves the command on the old therapist's partition, where it changes nothing and says where the booking went.
	 */
	@Test
	void aCommandForABookingThatMovedArrivingOnItsOldTherapistsPartitionIsRejectedNamingTheNewTherapist() {
		givenTherapistAndCustomer();
		UUID other = UUID.randomUUID();
		givenTherapist(other);
		PlaceHold hold = send(hold(tomorrow, Instant.now()));
		send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
		send(new com.spa.booking.schemas.RescheduleBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist,
				other, tomorrow.plus(Duration.ofHours(5))));

		CommandResult late = resultOf(send(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)));

		assertThat(late.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(late.rejection().reason()).isEqualTo(RejectionReason.BOOKING_MOVED);
		assertThat(late.rejection().detail()).contains("moved to therapist " + other);
		assertThat(late.booking().therapistId()).isEqualTo(other);
		assertThat(statusOf(hold.bookingId())).isEqualTo("CONFIRMED");
		assertRejectionAnnounced(late);
		assertThat(resultOf(send(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), other))).outcome())
			.as("sent again, to the booking's therapist").isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void aCommandForATherapistTheBookingNeverHadIsRejectedAsNotFound() {
		givenTherapistAndCustomer();
		PlaceHold hold = send(hold(tomorrow, Instant.now()));

		CommandResult stray = resultOf(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(),
				UUID.randomUUID())));

		assertThat(stray.rejection().reason()).isEqualTo(RejectionReason.BOOKING_NOT_FOUND);
		assertThat(statusOf(hold.bookingId())).isEqualTo("HELD");
	}

	@Test
	void anOverlappingRowInsertedBehindTheWorkersBackMakesItRejectTheHoldAndCarryOn() {
		givenTherapistAndCustomer();
		jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, tstzrange(?, ?), 'CONFIRMED', now(), now())""")
			.params(UUID.randomUUID(), customer, therapist, SERVICE_60_MIN, at(tomorrow), at(tomorrow.plusSeconds(3600)),
					at(tomorrow), at(tomorrow.plusSeconds(3600)))
			.update();

		PlaceHold overlapping = send(hold(tomorrow.plus(Duration.ofMinutes(30)), Instant.now()));
		PlaceHold later = send(hold(tomorrow.plus(Duration.ofHours(2)), Instant.now()));

		CommandResult rejected = resultOf(overlapping);
		assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(rejected.rejection().reason()).isEqualTo(RejectionReason.SLOT_TAKEN);
		// the booking in the way, in the spa's local time, not the time asked for
		java.time.ZonedDateTime local = tomorrow.atZone(settings.zone());
		assertThat(rejected.rejection().detail()).isEqualTo("The therapist is booked from " + local.toLocalDate() + " "
				+ local.toLocalTime() + " to " + (local.plusHours(1).toLocalDate().equals(local.toLocalDate()) ? ""
						: local.plusHours(1).toLocalDate() + " ")
				+ local.plusHours(1).toLocalTime() + " (" + settings.zone().getId() + "), cleanup included.");
		assertThat(resultOf(later).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(count("SELECT count(*) FROM bookings WHERE therapist_id = ? AND status IN ('HELD', 'CONFIRMED')",
				therapist)).isEqualTo(2);
	}

	@Test
	void aHoldForAnUnknownServiceOrCustomerIsRejectedAsUnknownReference() {
		givenTherapistAndCustomer();
		var unknownService = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				UUID.randomUUID(), tomorrow);
		var unknownCustomer = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID(),
				therapist, SERVICE_60_MIN, tomorrow);

		assertThat(resultOf(send(unknownService)).rejection().reason()).isEqualTo(RejectionReason.UNKNOWN_REFERENCE);
		assertThat(resultOf(send(unknownCustomer)).rejection().reason()).isEqualTo(RejectionReason.UNKNOWN_REFERENCE);
		assertThat(count("SELECT count(*) FROM bookings WHERE therapist_id = ?", therapist)).isZero();
	}

	@Test
	void aCommandWhoseTransactionFailsIsRetriedAndOnlyItsCommittedOutcomeIsPublished() {
		givenTherapistAndCustomer();
		PlaceHold hold = hold(tomorrow, Instant.now());
		// fails the transaction twice, after the booking was written, as its idempotency record is; a sequence is not rolled
		// back, so it counts the attempts
		jdbc.sql("CREATE SEQUENCE attempts_" + suffix(hold)).update();
		jdbc.sql("""
				CREATE FUNCTION fail_twice_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.request_id = '%2$s' AND nextval('attempts_%1$s') <= 2 THEN
				    RAISE EXCEPTION 'injected failure';
				  END IF;
				  RETURN NEW;
				END $$""".formatted(suffix(hold), hold.requestId())).update();
		jdbc.sql("CREATE TRIGGER fail_twice_%1$s BEFORE INSERT ON processed_commands FOR EACH ROW EXECUTE FUNCTION fail_twice_%1$s()"
			.formatted(suffix(hold))).update();
		try {
			send(hold);

			assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);
			assertThat(jdbc.sql("SELECT last_value FROM attempts_" + suffix(hold)).query(Long.class).single()).isEqualTo(3);
			assertThat(count("SELECT count(*) FROM bookings WHERE id = ?", hold.bookingId())).isEqualTo(1);
			// give a wrongly published duplicate every chance to show up before counting
			PlaceHold later = send(hold(tomorrow.plus(Duration.ofHours(3)), Instant.now()));
			resultOf(later);
			await().until(() -> eventsFor(later.bookingId()).size() == 1);
			assertThat(resultsFor(hold.requestId())).hasSize(1);
			assertThat(eventsFor(hold.bookingId())).hasSize(1);
		}
		finally {
			jdbc.sql("DROP TRIGGER fail_twice_%1$s ON processed_commands".formatted(suffix(hold))).update();
		}
	}

	/**
	 * A booking moved to another therapist changes partition. Should the consumer that moved it die after its commit and
	 * before publishing, the next command about the booking, applied by the new therapist's consumer, sends the move's
	 * messages first: the booking's events stay in order.
	 */
	@Test
	void aBookingsNextCommandOnItsNewTherapistsPartitionSendsItsMoveAheadOfItsOwnEvents(
			@Autowired CommandApplier applier) {
		givenTherapistAndCustomer();
		UUID other = UUID.randomUUID();
		givenTherapist(other);
		PlaceHold hold = send(hold(tomorrow, Instant.now()));
		send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
		await().until(() -> eventsFor(hold.bookingId()).size() == 2);
		// committed by the old partition, never published: as if its consumer died right after the commit
		var move = new com.spa.booking.schemas.RescheduleBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(),
				therapist, other, tomorrow.plus(Duration.ofHours(5)));
		assertThat(applier.apply(move).result().outcome()).isEqualTo(Outcome.SUCCEEDED);

		CancelBooking cancel = send(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), other));

		assertThat(resultOf(cancel).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(resultOf(move).outcome()).isEqualTo(Outcome.SUCCEEDED);
		await().untilAsserted(() -> assertThat(eventsFor(hold.bookingId())).map(BookingEvent::type)
			.containsExactly("BookingHeld", "BookingConfirmed", "BookingRescheduled", "BookingCancelled"));
		assertThat(com.spa.booking.testing.BookingHistory.replay(eventsFor(hold.bookingId())))
			.isEqualTo(BookingStatus.CANCELLED);
	}

	@Test
	void aCommandRedeliveredAfterItsIdempotencyRecordWasDeletedStillMakesNoSecondBooking(
			@Autowired ProcessedCommandsRetention retention) {
		givenTherapistAndCustomer();
		PlaceHold hold = send(hold(tomorrow, Instant.now()));
		assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);
		UUID recent = UUID.randomUUID();
		jdbc.sql("""
				INSERT INTO processed_commands (request_id, command_type, outcome, result, processed_at)
				SELECT ?, command_type, outcome, result, now() - interval '1 day' FROM processed_commands WHERE request_id = ?""")
			.params(recent, hold.requestId())
			.update();
		jdbc.sql("UPDATE processed_commands SET processed_at = now() - interval '31 days' WHERE request_id = ?")
			.param(hold.requestId())
			.update();

		assertThat(retention.prune()).isGreaterThanOrEqualTo(1);

		assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ?", hold.requestId())).isZero();
		assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ?", recent)).isEqualTo(1);
		send(hold);
		await().until(() -> resultsFor(hold.requestId()).size() == 2);
		assertThat(resultsFor(hold.requestId()).get(1).rejection().reason()).isEqualTo(RejectionReason.CONFLICTING_BOOKING_ID);
		assertThat(count("SELECT count(*) FROM bookings WHERE id = ?", hold.bookingId())).isEqualTo(1);
	}

	@Test
	void poisonRecordsInterleavedWithGoodOnesAreSetAsideAndTheGoodOnesApplyInOrder() {
		givenTherapistAndCustomer();
		List<PlaceHold> holds = new java.util.ArrayList<>();
		int poisoned = 0;
		for (int i = 0; i < 6; i++) {
			PlaceHold hold = hold(tomorrow.plus(Duration.ofHours(2L * i)), Instant.now());
			holds.add(hold);
			send(hold);
			kafka.send(settings.topics().commands(), therapist.toString(), "not json " + i).join();
			send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
			kafka.send(settings.topics().commands(), therapist.toString(), "{\"type\":\"Unknown\"}").join();
			poisoned += 2;
			if (i % 2 == 1) {
				// cancelled after the confirm: CANCELLED; applied before it, it would have been RELEASED
				send(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
			}
		}

		PlaceHold last = holds.get(holds.size() - 1);
		await().until(() -> eventsFor(last.bookingId()).size() == 3);
		for (int i = 0; i < holds.size(); i++) {
			assertThat(statusOf(holds.get(i).bookingId())).as("hold %d", i).isEqualTo(i % 2 == 0 ? "CONFIRMED" : "CANCELLED");
		}
		int expected = poisoned;
		try (var deadLetters = TopicRecorder.records(SharedInfrastructure.kafka().bootstrapServers(),
				settings.topics().commandsDeadLetter())) {
			await().untilAsserted(() -> assertThat(deadLetters.records())
				.filteredOn(record -> therapist.toString().equals(record.key()))
				.hasSize(expected));
		}
	}

	@Test
	void aConsumerWhosePartitionWasClaimedSinceCanNoLongerWriteForIt(@Autowired CommandApplier applier,
			@Autowired com.spa.booking.worker.fencing.PartitionOwners owners) {
		givenTherapistAndCustomer();
		// a topic of its own, so that the real consumers are not disturbed
		String topic = "fenced-" + UUID.randomUUID();
		var zombie = owners.claim(topic, 3);
		PlaceHold hold = hold(tomorrow, Instant.now());
		applier.applyOwned(ReceivedCommand.untraced(new ConfirmBooking(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
				therapist)), zombie);

		var newOwner = owners.claim(topic, 3);

		assertThat(newOwner.token()).isGreaterThan(zombie.token());
		assertThatThrownBy(() -> applier.applyOwned(ReceivedCommand.untraced(hold), zombie))
			.isInstanceOf(com.spa.booking.worker.fencing.PartitionLost.class);
		assertThat(count("SELECT count(*) FROM bookings WHERE id = ?", hold.bookingId())).isZero();
		assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ?", hold.requestId())).isZero();
		assertThat(applier.applyOwned(ReceivedCommand.untraced(hold), newOwner)).singleElement()
			.satisfies(applied -> assertThat(applied.result().outcome()).isEqualTo(Outcome.SUCCEEDED));
		assertThat(count("SELECT count(*) FROM bookings WHERE id = ?", hold.bookingId())).isEqualTo(1);
	}

	@Test
	void everyCommandPartitionIsClaimedByTheConsumerItWasAssignedTo() {
		assertThat(jdbc.sql("SELECT count(DISTINCT partition) FROM partition_owners WHERE topic = ? AND token > 0")
			.param(settings.topics().commands())
			.query(Long.class)
			.single()).isEqualTo(settings.topics().partitions());
	}

	@Test
	void anUnreadableCommandWithAReadableRequestIdIsAnsweredFailedOnce() {
		UUID requestId = UUID.randomUUID();
		String poison = "{\"type\":\"PlaceHold\",\"requestId\":\"" + requestId + "\",\"start\":\"tomorrow\"}";

		kafka.send(settings.topics().commands(), UUID.randomUUID().toString(), poison).join();
		kafka.send(settings.topics().commands(), UUID.randomUUID().toString(), poison).join();

		// each copy is answered; the copies sit on two partitions whose publishers may both send a row of the other's
		// (results are published at least once), so there may be more answers than copies, but only ever the one
		await().atMost(Duration.ofSeconds(30)).until(() -> resultsFor(requestId).size() >= 2);
		assertThat(resultsFor(requestId)).allSatisfy(result -> {
			assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(result.rejection().reason()).isEqualTo(RejectionReason.INVALID_COMMAND);
		});
		assertThat(resultsFor(requestId).stream().distinct()).hasSize(1);
		assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ? AND outcome = 'FAILED'", requestId))
			.isEqualTo(1);
	}

	@Test
	void anUnreadableCommandGoesToTheDeadLetterTopicAndThePartitionMovesOn() {
		givenTherapistAndCustomer();
		String poison = "{\"type\":\"PlaceHold\",\"requestId\":\"not-a-uuid\"}";

		kafka.send(settings.topics().commands(), therapist.toString(), poison).join();
		PlaceHold next = send(hold(tomorrow, Instant.now()));

		assertThat(resultOf(next).outcome()).isEqualTo(Outcome.SUCCEEDED);
		try (var deadLetters = TopicRecorder.records(SharedInfrastructure.kafka().bootstrapServers(),
				settings.topics().commandsDeadLetter())) {
			await().untilAsserted(() -> assertThat(deadLetters.records())
				.filteredOn(record -> record.value().equals(poison))
				.singleElement()
				.satisfies(record -> {
					assertThat(record.key()).isEqualTo(therapist.toString());
					assertThat(new String(record.headers().lastHeader("kafka_dlt-exception-fqcn").value()))
						.contains("ListenerExecutionFailedException");
					assertThat(new String(record.headers().lastHeader("kafka_dlt-original-topic").value()))
						.isEqualTo(settings.topics().commands());
				}));
		}
	}

	@Test
	void eachCommandIsLoggedWithItsRequestBookingAndTraceIds() {
		givenTherapistAndCustomer();
		var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CommandApplier.class);
		var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
		lines.start();
		logger.addAppender(lines);
		var level = logger.getLevel();
		logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
		try {
			PlaceHold hold = send(hold(tomorrow, Instant.now()));
			assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);

			await().untilAsserted(() -> assertThat(lines.list)
				.filteredOn(line -> hold.requestId().toString().equals(line.getMDCPropertyMap().get("requestId")))
				.singleElement()
				.satisfies(line -> {
					assertThat(line.getMDCPropertyMap()).containsEntry("bookingId", hold.bookingId().toString());
					assertThat(line.getMDCPropertyMap().get("traceId")).matches("[0-9a-f]{32}");
					assertThat(line.getFormattedMessage()).isEqualTo("PlaceHold SUCCEEDED");
				}));
		}
		finally {
			logger.setLevel(level);
			logger.detachAppender(lines);
		}
	}
}
