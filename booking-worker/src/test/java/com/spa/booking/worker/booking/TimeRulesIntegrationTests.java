package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingCompleted;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.BookingPolicy;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.Charge;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.CompleteBooking;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ConfirmSession;
import com.spa.booking.schemas.FeeCharged;
import com.spa.booking.schemas.FeeKind;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.NoShowRecorded;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.RecordNoShow;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.SessionConfirmed;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.schemas.Topics;
import com.spa.booking.testing.SharedInfrastructure;
import com.spa.booking.testing.TopicRecorder;

/**
 * The time rules and the money they make, as a payment service sees them. Every decision is taken by the command's
 * {@code requestedAt}, so a test sends commands "requested" before, inside and after the windows of a booking that starts
 * tomorrow, without waiting for any of it.
 */
class TimeRulesIntegrationTests extends WorkerIntegrationTestSupport {

	/** A 60-minute treatment at 100.00, with a policy of its own. */
	final UUID treatment = UUID.randomUUID();

	/** Book 30 minutes ahead; free to cancel until 24 hours before, to move until 12; fees and a deposit. */
	static final BookingPolicy POLICY = new BookingPolicy(30, 24, 12, new Charge(null, 50),
			new Charge(new BigDecimal("40.00"), null), new Charge(null, 20));

	@BeforeEach
	void givenATreatmentWithItsOwnPolicy() {
		givenTherapistAndCustomer();
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Stones', 60, 0, 100)")
			.param(treatment)
			.update();
		jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(therapist, treatment)
			.update();
		jdbc.sql("""
				INSERT INTO booking_policies (service_id, minimum_lead_minutes, free_cancellation_hours, reschedule_hours,
				                              late_cancellation_fee_percent, no_show_fee, deposit_percent)
				VALUES (?, 30, 24, 12, 50, 40.00, 20)""").param(treatment).update();
	}

	@Test
	void aConfirmationCarriesThePolicyFrozenAtTheHoldAndItsDeposit() {
		PlaceHold hold = send(holdOfTreatment(tomorrow, Instant.now()));
		assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);
		jdbc.sql("UPDATE booking_policies SET deposit_percent = 90 WHERE service_id = ?").param(treatment).update();

		CommandResult confirmed = resultOf(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(),
				therapist)));

		assertThat(confirmed.booking().policy()).isEqualTo(POLICY);
		await().untilAsserted(() -> assertThat(eventsFor(hold.bookingId())).filteredOn(BookingConfirmed.class::isInstance)
			.map(BookingConfirmed.class::cast)
			.singleElement()
			.satisfies(event -> assertThat(event.deposit()).isEqualTo(euros("20.00"))));
	}

	@Test
	void aHoldInsideTheLeastLeadTimeIsRefused() {
		PlaceHold hold = send(holdOfTreatment(tomorrow, tomorrow.minus(Duration.ofMinutes(29))));

		assertThat(resultOf(hold).rejection().reason()).isEqualTo(RejectionReason.TOO_SHORT_NOTICE);
	}

	@Test
	void aCustomersLateCancellationSucceedsWithOneFeeEventWhoseIdIsTheBookingsAndTheKinds() {
		UUID booking = confirmedBooking();
		CancelBooking cancel = new CancelBooking(UUID.randomUUID(), tomorrow.minus(Duration.ofHours(2)), booking,
				therapist);

		assertThat(resultOf(send(cancel)).booking().status()).isEqualTo(BookingStatus.CANCELLED);
		send(cancel);

		await().until(() -> resultsFor(cancel.requestId()).size() == 2);
		assertThat(feesOf(booking)).singleElement().satisfies(fee -> {
			assertThat(fee.eventId()).isEqualTo(FeeCharged.eventIdOf(booking, FeeKind.LATE_CANCELLATION));
			assertThat(fee.kind()).isEqualTo(FeeKind.LATE_CANCELLATION);
			assertThat(fee.fee()).isEqualTo(euros("50.00"));
			assertThat(fee.booking().policy()).isEqualTo(POLICY);
		});
	}

	@Test
	void aCancellationBeforeTheWindowOrByTheFrontDeskIsFree() {
		UUID early = confirmedBooking();
		UUID bySpa = confirmedBooking(tomorrow.plus(Duration.ofHours(2)));

		assertSucceeded(send(new CancelBooking(UUID.randomUUID(), tomorrow.minus(Duration.ofHours(25)), early,
				therapist)));
		assertSucceeded(send(new CancelBooking(UUID.randomUUID(), tomorrow, bySpa, therapist, Actor.FRONT_DESK)));

		assertThat(statusOf(early)).isEqualTo("CANCELLED");
		assertThat(statusOf(bySpa)).isEqualTo("CANCELLED");
		assertThat(feesOf(early)).isEmpty();
		assertThat(feesOf(bySpa)).isEmpty();
	}

	@Test
	void aBookingThatHasStartedCannotBeCancelledOrMovedAndIsMarkedNoShowWithItsFee() {
		UUID booking = confirmedBooking();
		Instant started = tomorrow.plus(Duration.ofMinutes(1));

		assertRejected(send(new CancelBooking(UUID.randomUUID(), started, booking, therapist)),
				RejectionReason.BOOKING_STARTED);
		assertRejected(send(new RescheduleBooking(UUID.randomUUID(), started, booking, therapist, therapist,
				tomorrow.plus(Duration.ofDays(7)), Actor.FRONT_DESK, "asked to")), RejectionReason.BOOKING_STARTED);
		assertRejected(send(new RecordNoShow(UUID.randomUUID(), tomorrow.minusSeconds(1), booking, therapist)),
				RejectionReason.NOT_STARTED);
		RecordNoShow noShow = send(new RecordNoShow(UUID.randomUUID(), started, booking, therapist));

		assertThat(resultOf(noShow).booking().status()).isEqualTo(BookingStatus.NO_SHOW);
		await().untilAsserted(() -> assertThat(eventsFor(booking)).anyMatch(NoShowRecorded.class::isInstance));
		assertThat(feesOf(booking)).singleElement().satisfies(fee -> {
			assertThat(fee.eventId()).isEqualTo(FeeCharged.eventIdOf(booking, FeeKind.NO_SHOW));
			assertThat(fee.fee()).isEqualTo(euros("40.00"));
		});
	}

	@Test
	void fromItsStartTheFrontDeskMarksABookingCompletedOnce() {
		UUID booking = confirmedBooking();

		assertThat(resultOf(send(new CompleteBooking(UUID.randomUUID(), tomorrow, booking, therapist))).booking()
			.status()).isEqualTo(BookingStatus.COMPLETED);
		assertRejected(send(new RecordNoShow(UUID.randomUUID(), tomorrow, booking, therapist)),
				RejectionReason.NOT_CONFIRMED);

		await().untilAsserted(() -> assertThat(eventsFor(booking)).filteredOn(BookingCompleted.class::isInstance)
			.hasSize(1));
		assertThat(feesOf(booking)).isEmpty();
	}

	@Test
	void insideTheRescheduleWindowTheCustomerIsRefusedAndTheFrontDeskMovesItWithAReason() {
		UUID booking = confirmedBooking();
		Instant inside = tomorrow.minus(Duration.ofHours(6));
		Instant later = tomorrow.plus(Duration.ofHours(3));

		assertRejected(send(new RescheduleBooking(UUID.randomUUID(), inside, booking, therapist, therapist, later)),
				RejectionReason.RESCHEDULE_WINDOW_CLOSED);
		assertRejected(send(new RescheduleBooking(UUID.randomUUID(), inside, booking, therapist, therapist, later,
				Actor.FRONT_DESK, null)), RejectionReason.RESCHEDULE_WINDOW_CLOSED);
		CommandResult moved = resultOf(send(new RescheduleBooking(UUID.randomUUID(), inside, booking, therapist,
				therapist, later, Actor.FRONT_DESK, "the therapist is ill in the morning")));

		assertThat(moved.outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(moved.booking().start()).isEqualTo(later);
	}

	@Test
	void aBookingSessionThatHasStartedCannotBeCancelled() {
		HoldSession hold = send(new HoldSession(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, treatment, tomorrow))));
		assertSucceeded(hold);
		assertSucceeded(send(new ConfirmSession(UUID.randomUUID(), Instant.now(), hold.sessionId(), therapist)));

		assertRejected(send(new CancelSession(UUID.randomUUID(), tomorrow.plusSeconds(60), hold.sessionId(), therapist)),
				RejectionReason.BOOKING_STARTED);
		assertThat(statusOf(hold.items().get(0).bookingId())).isEqualTo("CONFIRMED");
	}

	@Test
	void aCustomersLateCancellationOfABookingSessionChargesEachItemWithAFeeOnce() {
		HoldSession session = confirmedSession();
		UUID first = itemAt(session, tomorrow);
		UUID second = itemAt(session, tomorrow.plus(Duration.ofHours(2)));
		UUID free = itemAt(session, tomorrow.plus(Duration.ofHours(4)));
		CancelSession cancel = new CancelSession(UUID.randomUUID(), tomorrow.minus(Duration.ofHours(2)),
				session.sessionId(), therapist);

		assertSucceeded(send(cancel));
		send(cancel);

		await().until(() -> resultsFor(cancel.requestId()).size() == 2);
		assertThat(List.of(first, second, free)).allSatisfy(item -> assertThat(statusOf(item)).isEqualTo("CANCELLED"));
		assertThat(List.of(first, second)).allSatisfy(item -> assertThat(feesOf(item)).singleElement().satisfies(fee -> {
			assertThat(fee.eventId()).isEqualTo(FeeCharged.eventIdOf(item, FeeKind.LATE_CANCELLATION));
			assertThat(fee.kind()).isEqualTo(FeeKind.LATE_CANCELLATION);
			assertThat(fee.requestId()).isEqualTo(cancel.requestId());
			assertThat(fee.fee()).isEqualTo(euros("50.00"));
			assertThat(fee.booking().policy()).isEqualTo(POLICY);
			assertThat(fee.booking().sessionId()).isEqualTo(session.sessionId());
		}));
		assertThat(feesOf(free)).as("the massage's (default) policy has no fee").isEmpty();
	}

	@Test
	void aBookingSessionCancelledBeforeItsItemsWindowsOrByTheFrontDeskIsFree() {
		HoldSession early = confirmedSession();
		HoldSession bySpa = confirmedSession(tomorrow.plus(Duration.ofDays(1)));

		assertSucceeded(send(new CancelSession(UUID.randomUUID(), tomorrow.minus(Duration.ofHours(25)),
				early.sessionId(), therapist)));
		assertSucceeded(send(new CancelSession(UUID.randomUUID(), tomorrow.plus(Duration.ofHours(23)), bySpa.sessionId(),
				therapist, Actor.FRONT_DESK)));

		List<UUID> items = java.util.stream.Stream.of(early, bySpa)
			.flatMap(session -> session.items().stream())
			.map(SessionItem::bookingId)
			.toList();
		assertThat(items).allSatisfy(item -> {
			assertThat(statusOf(item)).isEqualTo("CANCELLED");
			assertThat(feesOf(item)).isEmpty();
		});
	}

	@Test
	void aConfirmedBookingSessionCarriesTheSumOfItsItemsDeposits() {
		try (TopicRecorder<SpaEvent> allEvents = TopicRecorder.ofKnown(SharedInfrastructure.kafka().bootstrapServers(),
				Messages::event, Topics.EVENTS)) {
			HoldSession session = confirmedSession();

			await().untilAsserted(() -> assertThat(allEvents.records()).filteredOn(SessionConfirmed.class::isInstance)
				.map(SessionConfirmed.class::cast)
				.filteredOn(confirmed -> confirmed.sessionId().equals(session.sessionId()))
				.singleElement()
				.satisfies(confirmed -> {
					assertThat(confirmed.total()).isEqualTo(euros("280.00"));
					// 20 % of each 100.00 treatment; the massage's default policy takes nothing
					assertThat(confirmed.deposit()).isEqualTo(euros("40.00"));
				}));
			assertThat(allEvents.records()).filteredOn(BookingConfirmed.class::isInstance)
				.map(BookingConfirmed.class::cast)
				.filteredOn(confirmed -> session.sessionId().equals(confirmed.booking().sessionId()))
				.extracting(BookingConfirmed::deposit)
				.containsExactlyInAnyOrder(euros("20.00"), euros("20.00"), euros("0.00"));
		}
	}

	@Test
	void fromItsStartAnItemOfABookingSessionIsMarkedOnItsOwnThroughItsSessionsPartition() {
		UUID second = UUID.randomUUID();
		givenTherapist(second);
		jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(second, treatment)
			.update();
		HoldSession session = send(new HoldSession(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, treatment, tomorrow),
						new SessionItem(UUID.randomUUID(), second, treatment, tomorrow.plus(Duration.ofHours(2))))));
		assertSucceeded(session);
		assertSucceeded(send(new ConfirmSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist)));
		UUID first = itemAt(session, tomorrow);
		UUID missed = itemAt(session, tomorrow.plus(Duration.ofHours(2)));
		Instant bothStarted = tomorrow.plus(Duration.ofHours(2)).plusSeconds(60);

		assertRejected(send(new RecordNoShow(UUID.randomUUID(), bothStarted, missed, second)),
				RejectionReason.PART_OF_SESSION);
		assertSucceeded(send(new CompleteBooking(UUID.randomUUID(), bothStarted, first, therapist)));
		RecordNoShow noShow = send(new RecordNoShow(UUID.randomUUID(), bothStarted, missed, therapist));

		assertThat(resultOf(noShow).booking().status()).isEqualTo(BookingStatus.NO_SHOW);
		assertThat(statusOf(first)).isEqualTo("COMPLETED");
		await().untilAsserted(() -> assertThat(eventsFor(missed)).anyMatch(NoShowRecorded.class::isInstance));
		assertThat(feesOf(missed)).singleElement().satisfies(fee -> {
			assertThat(fee.eventId()).isEqualTo(FeeCharged.eventIdOf(missed, FeeKind.NO_SHOW));
			assertThat(fee.fee()).isEqualTo(euros("40.00"));
		});
		assertThat(feesOf(first)).isEmpty();
	}

	/**
	 * A session held and confirmed well before its windows: the treatment at {@code start} and two hours later (each
	 * 100.00 under {@link #POLICY}), and the 60-minute massage (80.00, under the spa's default, lenient policy) two hours
	 * after that.
	 */
	private HoldSession confirmedSession(Instant start) {
		HoldSession hold = send(new HoldSession(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, treatment, start),
						new SessionItem(UUID.randomUUID(), therapist, treatment, start.plus(Duration.ofHours(2))),
						new SessionItem(UUID.randomUUID(), therapist, SERVICE_60_MIN, start.plus(Duration.ofHours(4))))));
		assertSucceeded(hold);
		assertSucceeded(send(new ConfirmSession(UUID.randomUUID(), Instant.now(), hold.sessionId(), therapist)));
		return hold;
	}

	private HoldSession confirmedSession() {
		return confirmedSession(tomorrow);
	}

	private static UUID itemAt(HoldSession session, Instant start) {
		return session.items().stream().filter(item -> item.start().equals(start)).findFirst().orElseThrow().bookingId();
	}

	private PlaceHold holdOfTreatment(Instant start, Instant requestedAt) {
		return new PlaceHold(UUID.randomUUID(), requestedAt, UUID.randomUUID(), customer, therapist, treatment, start);
	}

	private UUID confirmedBooking() {
		return confirmedBooking(tomorrow);
	}

	/** Held and confirmed well before the windows of a booking at {@code start}. */
	private UUID confirmedBooking(Instant start) {
		PlaceHold hold = send(holdOfTreatment(start, Instant.now()));
		assertSucceeded(hold);
		assertSucceeded(send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)));
		return hold.bookingId();
	}

	private List<FeeCharged> feesOf(UUID booking) {
		return eventsFor(booking).stream().filter(FeeCharged.class::isInstance).map(FeeCharged.class::cast).distinct()
			.toList();
	}

	private void assertSucceeded(BookingCommand command) {
		assertThat(resultOf(command).outcome()).as(command.type()).isEqualTo(Outcome.SUCCEEDED);
	}

	private void assertRejected(BookingCommand command, RejectionReason reason) {
		assertThat(resultOf(command).rejection().reason()).as(command.type()).isEqualTo(reason);
	}

	private static Price euros(String amount) {
		return new Price(new BigDecimal(amount), "EUR");
	}
}
