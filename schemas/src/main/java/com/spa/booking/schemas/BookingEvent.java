package com.spa.booking.schemas;

/** A change of one booking, keyed by booking ID, carrying the booking as it stands after the change. */
public sealed interface BookingEvent extends SpaEvent permits BookingHeld, BookingConfirmed, BookingCancelled,
		HoldReleased, HoldExpired, BookingRejected, BookingRescheduled, BookingCompleted, NoShowRecorded, FeeCharged {

	BookingSnapshot booking();

	@Override
	default java.util.UUID subject() {
		return booking().bookingId();
	}
}
