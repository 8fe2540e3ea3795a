package com.spa.booking.schemas;

/**
 * Lifecycle of a booking. Only {@link #HELD} and {@link #CONFIRMED} occupy the therapist's time.
 */
public enum BookingStatus {
	HELD, CONFIRMED, CANCELLED, RELEASED, EXPIRED,
	/** The treatment took place (marked by the front desk from its start on). */
	COMPLETED,
	/** The customer did not come (marked by the front desk from its start on). */
	NO_SHOW;

	public boolean isActive() {
		return this == HELD || this == CONFIRMED;
	}
}
