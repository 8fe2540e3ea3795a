package com.spa.booking.schemas;

/**
 * Where a waitlist entry stands. {@code WAITING} and {@code OFFERED} are open (they count against the customer's limit);
 * the others are final.
 */
public enum WaitlistStatus {
	/** In line for a time that frees up. */
	WAITING,
	/** A freed time is held for the customer until the offer expires. */
	OFFERED,
	/** The customer confirmed the offered time. */
	BOOKED,
	/** The customer (or the front desk for them) left the waitlist. */
	LEFT,
	/** The offer was not confirmed in time; the time went on to the next entry. */
	OFFER_EXPIRED,
	/** The customer cancelled the offered hold; the time went on to the next entry. */
	OFFER_DECLINED
}
