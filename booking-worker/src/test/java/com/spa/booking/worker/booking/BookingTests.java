package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;

class BookingTests {

	static final Instant REQUESTED = Instant.parse("2026-12-01T08:00:00Z");

	static final Duration TTL = Duration.ofMinutes(15);

	static final Duration GRACE = Duration.ofSeconds(10);

	final Booking held = Booking.hold(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			Instant.parse("2026-12-01T10:00:00Z"),
			new Treatment(UUID.randomUUID(), Duration.ofMinutes(60), Duration.ofMinutes(15), null, new com.spa.booking.schemas.Price(new java.math.BigDecimal("80.00"), "EUR")), REQUESTED.plus(TTL),
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
				new Treatment(held.serviceId(), Duration.ofMinutes(60), Duration.ofMinutes(15), null, held.price()),
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
				new Treatment(held.serviceId(), Duration.ofMinutes(60), Duration.ofMinutes(15), null, new com.spa.booking.schemas.Price(new java.math.BigDecimal("80.00"), "EUR")), held.holdExpiresAt(),
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
}
