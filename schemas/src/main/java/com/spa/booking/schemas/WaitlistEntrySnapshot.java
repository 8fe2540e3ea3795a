package com.spa.booking.schemas;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * A waitlist entry as results and events carry it.
 *
 * @param therapistId the therapist the customer asked for; null for any therapist qualified for the service
 * @param day the spa's local day the customer wants a time on
 * @param earliestStart the earliest start the customer accepts
 * @param latestStart the latest start the customer accepts (inclusive)
 * @param position the entry's place in line: a smaller one is offered a time first
 * @param offeredBookingId the hold made for the entry when it was offered a time; null while it waits
 * @param offerExpiresAt until when the offer may be confirmed; null while it waits
 * @param zone the spa's time zone (IANA name); the local fields are in it, for a notification to say "confirm by 10:15"
 */
public record WaitlistEntrySnapshot(
		UUID entryId,
		UUID customerId,
		UUID serviceId,
		UUID therapistId,
		LocalDate day,
		Instant earliestStart,
		Instant latestStart,
		WaitlistStatus status,
		long position,
		UUID offeredBookingId,
		Instant offerExpiresAt,
		Instant joinedAt,
		String zone,
		LocalDateTime localEarliestStart,
		LocalDateTime localLatestStart,
		LocalDateTime localOfferExpiresAt) {

	public WaitlistEntrySnapshot {
		Objects.requireNonNull(entryId, "entryId");
	}
}
