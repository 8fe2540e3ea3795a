package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;

/**
 * The customer's limit of active bookings holds on every path that makes a booking active, not only on holds: a hold
 * in its grace still counts (its confirm may be on its way), a late confirm brings an expired hold back. Each under the
 * customer's lock, as holds are. (A move also takes the lock and counts; since a booking that has started can no longer
 * be moved, a move never changes the count: TimeRulesIntegrationTests.)
 */
class CustomerCapIntegrationTests extends WorkerIntegrationTestSupport {

	@Test
	void aHoldInItsGraceKeepsItsPlaceSoItsConfirmCannotMakeOneBookingTooMany() {
		givenTherapistAndCustomer();
		bookConfirmed(properties.maxActiveBookingsPerCustomer() - 1, tomorrow);
		UUID otherTherapist = UUID.randomUUID();
		givenTherapist(otherTherapist);
		// on another therapist's partition: a hold that ran out a second ago, its grace not over
		Instant requested = Instant.now().minus(properties.holdTtl()).minusSeconds(1);
		PlaceHold inGrace = send(new PlaceHold(UUID.randomUUID(), requested, UUID.randomUUID(), customer, otherTherapist,
				SERVICE_60_MIN, tomorrow.plus(Duration.ofDays(1))));
		assertThat(resultOf(inGrace).outcome()).isEqualTo(Outcome.SUCCEEDED);

		PlaceHold oneTooMany = send(hold(tomorrow.plus(Duration.ofHours(22)), Instant.now()));
		ConfirmBooking confirm = send(new ConfirmBooking(UUID.randomUUID(),
				requested.plus(properties.holdTtl()).minusMillis(1), inGrace.bookingId(), otherTherapist));

		assertThat(resultOf(oneTooMany).rejection().reason()).isEqualTo(RejectionReason.TOO_MANY_BOOKINGS);
		assertThat(resultOf(confirm).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(activeBookingsInTheTable()).isEqualTo(properties.maxActiveBookingsPerCustomer());
	}

	@Test
	void aLateConfirmOfAnExpiredHoldIsRejectedWhenTheCustomerHasNoPlaceLeft() {
		givenTherapistAndCustomer();
		PlaceHold expired = send(hold(tomorrow.plus(Duration.ofDays(1)),
				Instant.now().minus(properties.holdTtl()).minus(settings.holdGrace()).minusSeconds(1)));
		assertThat(resultOf(expired).outcome()).isEqualTo(Outcome.SUCCEEDED);
		bookConfirmed(properties.maxActiveBookingsPerCustomer(), tomorrow);

		CommandResult confirm = resultOf(
				send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), expired.bookingId(), therapist)));

		assertThat(confirm.rejection().reason()).isEqualTo(RejectionReason.TOO_MANY_BOOKINGS);
		assertThat(statusOf(expired.bookingId())).isEqualTo("EXPIRED");
		assertThat(activeBookingsInTheTable()).isEqualTo(properties.maxActiveBookingsPerCustomer());
		assertRejectionAnnounced(confirm);
	}

	/** Confirmed bookings of the customer, two hours apart from {@code from}. */
	private void bookConfirmed(int count, Instant from) {
		for (int i = 0; i < count; i++) {
			PlaceHold hold = send(hold(from.plus(Duration.ofHours(2L * i)), Instant.now()));
			ConfirmBooking confirm = send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
			assertThat(resultOf(confirm).outcome()).as("booking " + i).isEqualTo(Outcome.SUCCEEDED);
		}
	}

	private int activeBookingsInTheTable() {
		return jdbc.sql("SELECT count(*) FROM bookings WHERE customer_id = ? AND status IN ('HELD', 'CONFIRMED') AND ends_at > now()")
			.param(customer)
			.query(Integer.class)
			.single();
	}
}
