package com.spa.booking.schemas;

import java.util.UUID;

/**
 * A command about a customer's place on the waitlist. It is keyed by the customer, not by a therapist: an entry may be
 * for any therapist, and a customer's own commands about their entries must stay in order. An entry is also written by
 * the partitions that offer it a time, so every change of its status is a compare-and-set on the status it was decided
 * from.
 */
public sealed interface WaitlistCommand extends BookingCommand permits JoinWaitlist, LeaveWaitlist {

	UUID entryId();

	UUID customerId();

	/** Who asked: the customer, or the front desk for a customer on the phone. */
	Actor actor();

	@Override
	default String partitionKey() {
		return customerId().toString();
	}

	/** A waitlist command is about an entry, not a booking. */
	@Override
	default UUID bookingId() {
		return null;
	}

	@Override
	default String fingerprint() {
		return type() + "|" + entryId();
	}
}
