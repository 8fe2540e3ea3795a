package com.spa.booking.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The terms a booking was made on, frozen into it when it was held, as its price is: a later change of the policy does
 * not change what the customer agreed to. A service has its own, or the spa's default.
 *
 * @param minimumLeadMinutes how long before its start a booking may be held at the latest
 * @param freeCancellationHours cancelling is free until this many hours before the start; later it costs
 * {@code lateCancellationFee}
 * @param rescheduleHours a customer may move the booking until this many hours before the start; later only the front
 * desk, with a reason
 * @param deposit what is taken when the booking is confirmed
 */
public record BookingPolicy(int minimumLeadMinutes, int freeCancellationHours, int rescheduleHours,
		Charge lateCancellationFee, Charge noShowFee, Charge deposit) {

	/** Free to cancel and move until the start, nothing to pay up front: the terms before policies existed. */
	public static final BookingPolicy LENIENT = new BookingPolicy(0, 0, 0, Charge.NONE, Charge.NONE, Charge.NONE);

	public BookingPolicy {
		Objects.requireNonNull(lateCancellationFee, "lateCancellationFee");
		Objects.requireNonNull(noShowFee, "noShowFee");
		Objects.requireNonNull(deposit, "deposit");
		if (minimumLeadMinutes < 0 || freeCancellationHours < 0 || rescheduleHours < 0) {
			throw new IllegalArgumentException("A policy's times are not negative");
		}
	}

	/** The moment from which cancelling a booking starting at {@code start} costs its fee. */
	public Instant freeCancellationEnds(Instant start) {
		return start.minus(Duration.ofHours(freeCancellationHours));
	}

	/** The moment from which only the front desk may move a booking starting at {@code start}. */
	public Instant rescheduleWindowCloses(Instant start) {
		return start.minus(Duration.ofHours(rescheduleHours));
	}

	/** The latest moment a booking starting at {@code start} may be held. */
	public Instant latestHold(Instant start) {
		return start.minus(Duration.ofMinutes(minimumLeadMinutes));
	}
}
