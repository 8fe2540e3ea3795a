package com.spa.booking.gateway.waitlist;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;

import com.spa.booking.schemas.WaitlistEntrySnapshot;
import com.spa.booking.schemas.WaitlistStatus;

/**
 * A waitlist entry as the API shows it: its window both as instants and as the spa's clocks show it.
 *
 * @param therapistId the therapist asked for; null for any qualified therapist
 * @param earliest the earliest start accepted, in the spa's local time
 * @param latest the latest start accepted, in the spa's local time
 * @param position the place in line (smaller is offered first); comparable within a day only
 * @param offeredBookingId the hold made for the entry when it was offered a time: confirm it to book
 */
record WaitlistEntryView(UUID entryId, UUID customerId, UUID serviceId, UUID therapistId, LocalDate day,
		LocalTime earliest, LocalTime latest, Instant earliestStart, Instant latestStart, WaitlistStatus status,
		long position, UUID offeredBookingId, Instant offerExpiresAt, Instant joinedAt) {

	static WaitlistEntryView of(WaitlistEntrySnapshot entry, ZoneId zone) {
		return new WaitlistEntryView(entry.entryId(), entry.customerId(), entry.serviceId(), entry.therapistId(),
				entry.day(), local(entry.earliestStart(), zone), local(entry.latestStart(), zone), entry.earliestStart(),
				entry.latestStart(), entry.status(), entry.position(), entry.offeredBookingId(), entry.offerExpiresAt(),
				entry.joinedAt());
	}

	private static LocalTime local(Instant instant, ZoneId zone) {
		return instant == null ? null : instant.atZone(zone).toLocalTime();
	}
}
