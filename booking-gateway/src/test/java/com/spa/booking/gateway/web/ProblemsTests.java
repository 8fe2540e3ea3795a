package com.spa.booking.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.ProblemDetail;

import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.RejectionReason;

class ProblemsTests {

	static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	@ParameterizedTest
	@EnumSource(mode = EnumSource.Mode.EXCLUDE, names = "INVALID_COMMAND")
	void everyRejectionReasonHasAStatusATitleAndAStableType(RejectionReason reason) {
		var confirm = new ConfirmBooking(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID());

		ProblemDetail problem = Problems.of(CommandResult.rejected(confirm, null, new Rejection(reason, "why"), NOW));

		assertThat(problem.getStatus()).isBetween(400, 499);
		assertThat(problem.getTitle()).isNotBlank();
		assertThat(problem.getType()).hasToString("urn:spa-booking:problem:" + reason.name().toLowerCase().replace('_', '-'));
		assertThat(problem.getProperties()).containsEntry("reason", reason).containsEntry("requestId", confirm.requestId());
	}

	@Test
	void aCommandThatFailedIsAServerErrorNotTheCustomersFault() {
		ProblemDetail problem = Problems.of(CommandResult.failed(UUID.randomUUID(), "PlaceHold", "unreadable", NOW));

		assertThat(problem.getStatus()).isEqualTo(500);
		assertThat(problem.getType()).hasToString("urn:spa-booking:problem:command-failed");
	}

	@Test
	void aTakenSlotIsAConflictAndAMissingBookingIsNotFound() {
		var confirm = new ConfirmBooking(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID());

		assertThat(Problems.of(CommandResult.rejected(confirm, null, new Rejection(RejectionReason.SLOT_TAKEN, "x"), NOW))
			.getStatus()).isEqualTo(409);
		assertThat(Problems.of(CommandResult.rejected(confirm, null,
				new Rejection(RejectionReason.BOOKING_NOT_FOUND, "x"), NOW)).getStatus()).isEqualTo(404);
	}

	@Test
	void aRejectedHoldDoesNotPointToABookingThatNeverExisted() {
		var hold = new PlaceHold(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
				UUID.randomUUID(), NOW.plusSeconds(3600));
		var requested = new BookingSnapshot(hold.bookingId(), hold.customerId(), hold.therapistId(), hold.serviceId(),
				hold.start(), null, null, null, null, null);
		var existing = new BookingSnapshot(hold.bookingId(), null, null, null, null, null, BookingStatus.CANCELLED, null, null, null);
		var taken = new Rejection(RejectionReason.SLOT_TAKEN, "taken");

		assertThat(Problems.of(CommandResult.rejected(hold, requested, taken, NOW)).getProperties())
			.doesNotContainKey("bookingId");
		assertThat(Problems.of(CommandResult.rejected(hold, existing, taken, NOW)).getProperties())
			.containsEntry("bookingId", hold.bookingId());
	}
}
