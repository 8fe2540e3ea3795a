package com.spa.booking.schemas;

/**
 * Why the worker refused a command. Stable codes: clients and payment services switch on them.
 */
public enum RejectionReason {
	/** Another active booking of the therapist overlaps the requested time (treatment plus buffer). */
	SLOT_TAKEN,
	/** The hold's expiry time had passed when the command was requested. */
	HOLD_EXPIRED,
	/** No booking with that ID exists. */
	BOOKING_NOT_FOUND,
	/** The booking was cancelled or released and cannot be confirmed. */
	BOOKING_CANCELLED,
	/** The customer, therapist or service does not exist. */
	UNKNOWN_REFERENCE,
	/** The requested start lies before the moment the request was made. */
	START_IN_PAST,
	/** A different request already created a booking with this booking ID. */
	CONFLICTING_BOOKING_ID,
	/** An expiry was requested for a hold whose time has not yet run out. */
	HOLD_STILL_VALID
}
