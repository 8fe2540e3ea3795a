package com.spa.booking.schemas;

/**
 * Why the worker rejected a command. Stable codes: clients and payment services switch on them.
 */
public enum RejectionReason {
	/** Another active booking of the therapist overlaps the requested time (treatment plus buffer). */
	SLOT_TAKEN,
	/** The hold's expiry time had passed when the command was requested. */
	HOLD_EXPIRED,
	/** No booking with that ID exists. */
	BOOKING_NOT_FOUND,
	/**
	 * The booking was moved to another therapist, whose partition its commands go to now, while the command was on its
	 * way to the old one: the detail and the result's booking name the therapist it is with. Sent again, the request
	 * reaches it.
	 */
	BOOKING_MOVED,
	/** The booking was cancelled or released and cannot be confirmed. */
	BOOKING_CANCELLED,
	/** The customer, therapist or service does not exist. */
	UNKNOWN_REFERENCE,
	/** The requested start lies before the moment the request was made. */
	START_IN_PAST,
	/** A different request already created a booking with this booking ID. */
	CONFLICTING_BOOKING_ID,
	/** An expiry was requested for a hold whose time has not yet run out. */
	HOLD_STILL_VALID,
	/** The therapist does not perform this service. */
	NOT_QUALIFIED,
	/** The start is not on the spa's slot grid ({@code booking.slot-minutes}, local time). */
	NOT_ON_SLOT_GRID,
	/** The treatment plus its buffer does not fit inside one of the therapist's working intervals. */
	OUTSIDE_WORKING_HOURS,
	/** The therapist has time off then. */
	THERAPIST_TIME_OFF,
	/** The spa is closed then. */
	SPA_CLOSED,
	/** No room of the type the service needs is free for the treatment plus its buffer. */
	NO_ROOM,
	/** The customer already has an active booking at an overlapping time. */
	CUSTOMER_OVERLAP,
	/** The customer already holds as many unconfirmed items as allowed ({@code booking.max-active-holds-per-customer}). */
	TOO_MANY_HOLDS,
	/**
	 * The customer already has as many active bookings that have not ended (held or confirmed) as allowed
	 * ({@code booking.max-active-bookings-per-customer}).
	 */
	TOO_MANY_BOOKINGS,
	/** Only a confirmed booking can be rescheduled. */
	NOT_CONFIRMED,
	/** The start lies further ahead of the request than the spa books ({@code booking.horizon}, 365 days). */
	BEYOND_HORIZON,
	/**
	 * The booking belongs to a session: it is held, confirmed, cancelled and expired with its session, on the session's
	 * partition, and cannot be rescheduled on its own.
	 */
	PART_OF_SESSION,
	/** The start is closer to the request than the booking policy's least lead time. */
	TOO_SHORT_NOTICE,
	/** The booking's start has passed: it can no longer be cancelled or moved, only marked completed or no-show. */
	BOOKING_STARTED,
	/**
	 * The booking's reschedule window has closed: only the front desk may still move it, and only with a reason.
	 */
	RESCHEDULE_WINDOW_CLOSED,
	/** A booking can be marked completed or no-show only from its start on. */
	NOT_STARTED,
	/** A customer may have only so many open waitlist entries (waiting or offered) at once. */
	TOO_MANY_WAITLIST_ENTRIES,
	/** No such waitlist entry of this customer. */
	WAITLIST_ENTRY_NOT_FOUND,
	/** The entry was offered a time meanwhile: cancel the offered hold to decline it. */
	WAITLIST_ENTRY_OFFERED,
	/** The entry is closed (booked, left, or its offer expired or was declined). */
	WAITLIST_ENTRY_CLOSED,
	/** A waitlist window that does not lie on one day of the spa, is in the past or beyond the booking horizon. */
	INVALID_WAITLIST_WINDOW,
	/**
	 * The command could not be read or could never be applied, whatever the retry (outcome FAILED); it was set aside
	 * on the dead-letter topic.
	 */
	INVALID_COMMAND
}
