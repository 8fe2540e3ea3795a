package com.spa.booking.schemas;

/**
 * Lifecycle of a booking. Only {@link #HELD} and {@link #CONFIRMED} occupy the therapist's time.
 */
public enum BookingStatus {
	HELD, CONFIRMED, CANCELLED, RELEASED, EXPIRED;

	public boolean isActive() {
		return this == HELD || this == CONFIRMED;
	}
}
