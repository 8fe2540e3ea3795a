package com.spa.booking.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.RejectionReason;

class BookingHistoryTests {

	static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

	static final UUID BOOKING = UUID.randomUUID();

	@Test
	void aLateConfirmationAfterAnExpiryEndsConfirmed() {
		assertThat(BookingHistory.replay(List.of(held(), expired(), confirmed(),
				new BookingRejected(UUID.randomUUID(), NOW, UUID.randomUUID(), state(BookingStatus.CONFIRMED), "ConfirmBooking",
						new Rejection(RejectionReason.SLOT_TAKEN, "x")), cancelled())))
			.isEqualTo(BookingStatus.CANCELLED);
	}

	@Test
	void aConfirmationUndoneByAnExpiryIsNoHistoryABookingCanHave() {
		assertThatThrownBy(() -> BookingHistory.replay(List.of(held(), confirmed(), expired())))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("from CONFIRMED by HoldExpired");
	}

	@Test
	void aHistoryMustBeginWithTheHoldAndEachEventMustCarryTheStateItLeadsTo() {
		assertThatThrownBy(() -> BookingHistory.replay(List.of(confirmed()))).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> BookingHistory.replay(List.of())).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> BookingHistory.replay(List.of(held(),
				new BookingConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), state(BookingStatus.HELD)))))
			.isInstanceOf(IllegalStateException.class);
	}

	private static BookingSnapshot state(BookingStatus status) {
		return new BookingSnapshot(BOOKING, null, null, null, null, null, status, null, null, null);
	}

	private static BookingHeld held() {
		return new BookingHeld(UUID.randomUUID(), NOW, UUID.randomUUID(), state(BookingStatus.HELD));
	}

	private static BookingConfirmed confirmed() {
		return new BookingConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), state(BookingStatus.CONFIRMED));
	}

	private static HoldExpired expired() {
		return new HoldExpired(UUID.randomUUID(), NOW, UUID.randomUUID(), state(BookingStatus.EXPIRED));
	}

	private static BookingCancelled cancelled() {
		return new BookingCancelled(UUID.randomUUID(), NOW, UUID.randomUUID(), state(BookingStatus.CANCELLED));
	}
}
