package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.BookingPolicy;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.Charge;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.RejectionReason;

class BookingTests {

	static final Instant REQUESTED = Instant.parse("2026-12-01T08:00:00Z");

	static final Duration TTL = Duration.ofMinutes(15);

	static final Duration GRACE = Duration.ofSeconds(10);

	/** Book an hour ahead; free to cancel until a day before, to move until 12 hours before; half a deposit. */
	static final BookingPolicy POLICY = new BookingPolicy(60, 24, 12, new Charge(null, 50),
			new Charge(new BigDecimal("30.00"), null), new Charge(null, 20));

	final Booking held = Booking.hold(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			Instant.parse("2026-12-01T10:00:00Z"),
			new Treatment(UUID.randomUUID(), Duration.ofMinutes(60), Duration.ofMinutes(15), null, new com.spa.booking.schemas.Price(new java.math.BigDecimal("80.00"), "EUR"), POLICY), REQUESTED.plus(TTL),
			null);

	@Test
	void aHoldBlocksTheTreatmentPlusItsBufferAndExpiresOneTtlAfterTheRequest() {
		assertThat(held.status()).isEqualTo(BookingStatus.HELD);
		assertThat(held.end()).isEqualTo("2026-12-01T11:00:00Z");
		assertThat(held.blockedUntil()).isEqualTo("2026-12-01T11:15:00Z");
		assertThat(held.holdExpiresAt()).isEqualTo(REQUESTED.plus(TTL));
	}

	@Test
	void aHoldRunsOutAtItsExpiryInstantNotOneMomentLater() {
		Instant expiry = held.holdExpiresAt();

		assertThat(held.holdRunOutAt(expiry.minusNanos(1))).isFalse();
		assertThat(held.holdRunOutAt(expiry)).isTrue();
		assertThat(held.expireIfRunOut(expiry.minusNanos(1))).isSameAs(held);
		assertThat(held.expireIfRunOut(expiry).status()).isEqualTo(BookingStatus.EXPIRED);
	}

	@Test
	void aHoldKeepsItsExpiryToTheMicrosecondAsTheDatabaseStoresIt() {
		Instant requestedWithNanos = REQUESTED.plusNanos(999);
		Booking hold = Booking.hold(held.id(), held.customerId(), held.therapistId(), held.start(),
				new Treatment(held.serviceId(), Duration.ofMinutes(60), Duration.ofMinutes(15), null, held.price(), POLICY),
				requestedWithNanos.plus(TTL), null);

		// the driver would have stored it a microsecond later, rounded up
		assertThat(hold.holdExpiresAt()).isEqualTo(REQUESTED.plus(TTL));
		assertThat(hold.holdRunOutAt(REQUESTED.plus(TTL).minusNanos(400))).isFalse();
		assertThat(hold.holdRunOutAt(REQUESTED.plus(TTL).plusNanos(400))).isTrue();
	}

	@Test
	void confirmingAHoldMakesItConfirmedAndClearsTheExpiry() {
		Booking confirmed = held.confirm();

		assertThat(confirmed.status()).isEqualTo(BookingStatus.CONFIRMED);
		assertThat(confirmed.holdExpiresAt()).isNull();
		assertThat(confirmed.confirm()).isSameAs(confirmed);
	}

	@Test
	void anExpiredOrCancelledBookingCannotBeConfirmed() {
		Booking expired = held.expireIfRunOut(held.holdExpiresAt());
		Booking released = held.cancel();
		Booking cancelled = held.confirm().cancel();

		assertRejected(expired::confirm, RejectionReason.HOLD_EXPIRED);
		assertRejected(released::confirm, RejectionReason.BOOKING_CANCELLED);
		assertRejected(cancelled::confirm, RejectionReason.BOOKING_CANCELLED);
	}

	@Test
	void cancellingAHoldReleasesItAndCancellingAConfirmedBookingCancelsIt() {
		assertThat(held.cancel().status()).isEqualTo(BookingStatus.RELEASED);
		assertThat(held.confirm().cancel().status()).isEqualTo(BookingStatus.CANCELLED);
	}

	@Test
	void cancellingWhatIsNoLongerActiveChangesNothing() {
		Booking expired = held.expireIfRunOut(held.holdExpiresAt());

		assertThat(expired.cancel()).isSameAs(expired);
		assertThat(held.cancel().cancel().status()).isEqualTo(BookingStatus.RELEASED);
	}

	@Test
	void theTimerCannotExpireAHoldBeforeItsGraceRunsOutNorTouchAConfirmedBooking() {
		Instant graceOver = held.holdExpiresAt().plus(GRACE);

		assertRejected(() -> held.expire(held.holdExpiresAt(), GRACE), RejectionReason.HOLD_STILL_VALID);
		assertRejected(() -> held.expire(graceOver.minusNanos(1), GRACE), RejectionReason.HOLD_STILL_VALID);
		assertThat(held.expire(graceOver, GRACE).status()).isEqualTo(BookingStatus.EXPIRED);
		assertThat(held.expire(graceOver, GRACE).holdExpiresAt()).isEqualTo(held.holdExpiresAt());

		Booking confirmed = held.confirm();
		assertThat(confirmed.expire(REQUESTED.plus(Duration.ofDays(1)), GRACE)).isSameAs(confirmed);
	}

	@Test
	void aSessionsItemChangesOnlyWithItsSession() {
		Booking item = Booking.hold(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), held.start(),
				new Treatment(held.serviceId(), Duration.ofMinutes(60), Duration.ofMinutes(15), null, new com.spa.booking.schemas.Price(new java.math.BigDecimal("80.00"), "EUR"), POLICY), held.holdExpiresAt(),
				UUID.randomUUID());

		assertRejected(item::requireNotInSession, RejectionReason.PART_OF_SESSION);
		assertThat(held.requireNotInSession()).isSameAs(held);
	}

	@Test
	void aWrittenChangeCarriesTheRowsNextVersion() {
		Booking confirmed = held.confirm();

		assertThat(confirmed.version()).isEqualTo(held.version());
		assertThat(confirmed.written().version()).isEqualTo(held.version() + 1);
		assertThat(confirmed.written().status()).isEqualTo(BookingStatus.CONFIRMED);
	}

	private static void assertRejected(Runnable transition, RejectionReason reason) {
		assertThatThrownBy(transition::run).isInstanceOfSatisfying(CommandRejected.class,
				rejected -> assertThat(rejected.rejection().reason()).isEqualTo(reason));
	}

	final Booking confirmed = held.confirm();

	final Instant start = confirmed.start();

	@Test
	void aConfirmedBookingCannotBeCancelledOrMovedOnceItHasStarted() {
		assertRejected(() -> confirmed.cancel(start), RejectionReason.BOOKING_STARTED);
		assertRejected(() -> confirmed.requireMovable(start.plusSeconds(60), Actor.FRONT_DESK, "late"),
				RejectionReason.BOOKING_STARTED);
		assertThat(confirmed.cancel(start.minusMillis(1)).status()).isEqualTo(BookingStatus.CANCELLED);
	}

	@Test
	void aCustomersCancellationInsideTheFreeWindowCostsItsFeeAndTheFrontDesksCostsNothing() {
		Instant late = start.minus(Duration.ofHours(24));

		assertThat(confirmed.lateCancellationFee(late, Actor.CUSTOMER)).contains(euros("40.00"));
		assertThat(confirmed.lateCancellationFee(late, Actor.FRONT_DESK)).isEmpty();
		assertThat(confirmed.lateCancellationFee(late.minusMillis(1), Actor.CUSTOMER)).isEmpty();
		assertThat(held.lateCancellationFee(late, Actor.CUSTOMER)).as("a hold is released for free").isEmpty();
	}

	@Test
	void insideTheRescheduleWindowOnlyTheFrontDeskMovesABookingAndOnlyWithAReason() {
		Instant closed = start.minus(Duration.ofHours(12));

		assertThat(confirmed.requireMovable(closed.minusMillis(1), Actor.CUSTOMER, null)).isSameAs(confirmed);
		assertRejected(() -> confirmed.requireMovable(closed, Actor.CUSTOMER, "please"),
				RejectionReason.RESCHEDULE_WINDOW_CLOSED);
		assertRejected(() -> confirmed.requireMovable(closed, Actor.FRONT_DESK, " "),
				RejectionReason.RESCHEDULE_WINDOW_CLOSED);
		assertThat(confirmed.requireMovable(closed, Actor.FRONT_DESK, "therapist ill")).isSameAs(confirmed);
	}

	@Test
	void aBookingIsMarkedCompletedOrNoShowFromItsStartOnAndOnlyOnce() {
		assertRejected(() -> confirmed.complete(start.minusMillis(1)), RejectionReason.NOT_STARTED);
		assertRejected(() -> held.recordNoShow(start), RejectionReason.NOT_CONFIRMED);
		Booking noShow = confirmed.recordNoShow(start);

		assertThat(noShow.status()).isEqualTo(BookingStatus.NO_SHOW);
		assertThat(noShow.recordNoShow(start.plusSeconds(60))).isSameAs(noShow);
		assertRejected(() -> noShow.complete(start), RejectionReason.NOT_CONFIRMED);
		assertThat(noShow.noShowFee()).contains(euros("30.00"));
		assertThat(noShow.cancel(start.plusSeconds(60))).as("history stays as it is").isSameAs(noShow);
	}

	@Test
	void aHoldInsideTheLeastLeadTimeIsRefusedAndTheDepositIsThePolicysShare() {
		assertRejected(() -> held.requireNotice(start.minus(Duration.ofMinutes(59))), RejectionReason.TOO_SHORT_NOTICE);
		assertThat(held.requireNotice(start.minus(Duration.ofMinutes(60)))).isSameAs(held);
		assertThat(held.deposit()).isEqualTo(euros("16.00"));
	}

	private static Price euros(String amount) {
		return new Price(new BigDecimal(amount), "EUR");
	}
}
