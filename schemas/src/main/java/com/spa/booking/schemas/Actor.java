package com.spa.booking.schemas;

/**
 * Who asked for a change. The time rules differ: a customer cannot move a booking inside its reschedule window, the
 * front desk can (with a reason); a customer's late cancellation costs its fee, the spa's own does not.
 */
public enum Actor {
	CUSTOMER, FRONT_DESK
}
