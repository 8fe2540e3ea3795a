package com.spa.booking.worker.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.WaitlistEntrySnapshot;
import com.spa.booking.schemas.WaitlistStatus;

/**
 * A place on the waitlist (docs/waitlist.md): it alone decides which changes of its status are allowed. Its
 * transitions return a new value (or this one, when there is nothing to change) and read no clock. The row is written
 * by several partitions (the customer's, and every partition that may offer it a time), so each change is written as
 * a compare-and-set on the status it was decided from ({@link WaitlistEntries#write}).
 *
 * @param position the place in line; 0 until the entry is stored, which draws it
 */
record WaitlistEntry(UUID id, UUID customerId, UUID serviceId, UUID therapistId, LocalDate day, Instant earliestStart,
		Instant latestStart, WaitlistStatus status, long position, UUID offeredBookingId, Instant offerExpiresAt,
		Instant joinedAt) {

	static WaitlistEntry joined(JoinWaitlist command) {
		return new WaitlistEntry(command.entryId(), command.customerId(), command.serviceId(), command.therapistId(),
				command.day(), Booking.asStored(command.earliestStart()), Booking.asStored(command.latestStart()),
				WaitlistStatus.WAITING, 0, null, null, Booking.asStored(command.requestedAt()));
	}

	/** Waiting or offered: it counts against the customer's limit of entries. */
	boolean isOpen() {
		return status == WaitlistStatus.WAITING || status == WaitlistStatus.OFFERED;
	}

	/**
	 * The customer leaves the line. An entry offered a time meanwhile is not left this way: cancelling the offered hold
	 * declines the offer (and passes the time on). Leaving again changes nothing.
	 */
	WaitlistEntry leave() {
		return switch (status) {
			case WAITING -> with(WaitlistStatus.LEFT, offeredBookingId, offerExpiresAt);
			case LEFT -> this;
			case OFFERED -> throw new CommandRejected(RejectionReason.WAITLIST_ENTRY_OFFERED, "Entry " + id
					+ " was offered a time (booking " + offeredBookingId + "): cancel that hold to decline the offer.");
			case BOOKED, OFFER_EXPIRED, OFFER_DECLINED -> throw new CommandRejected(RejectionReason.WAITLIST_ENTRY_CLOSED,
					"Entry " + id + " is closed (" + status + ").");
		};
	}

	/** A freed time is held for the customer until {@code expiresAt}; only a waiting entry is offered a time. */
	WaitlistEntry offer(UUID bookingId, Instant expiresAt) {
		if (status != WaitlistStatus.WAITING) {
			throw new IllegalStateException("Only a waiting entry is offered a time: " + this);
		}
		return with(WaitlistStatus.OFFERED, bookingId, Booking.asStored(expiresAt));
	}

	/**
	 * What becomes of an offered entry when its hold changes to {@code holdStatus}: confirmed is booked, expired is an
	 * expired offer, released (the customer cancelled the hold) a declined one. Anything else, or an entry that is not
	 * offered that hold any more, is no change.
	 */
	WaitlistEntry offeredHoldBecame(UUID bookingId, BookingStatus holdStatus) {
		if (status != WaitlistStatus.OFFERED || !bookingId.equals(offeredBookingId)) {
			return this;
		}
		return switch (holdStatus) {
			case CONFIRMED -> with(WaitlistStatus.BOOKED, offeredBookingId, offerExpiresAt);
			case EXPIRED -> with(WaitlistStatus.OFFER_EXPIRED, offeredBookingId, offerExpiresAt);
			case RELEASED, CANCELLED -> with(WaitlistStatus.OFFER_DECLINED, offeredBookingId, offerExpiresAt);
			case HELD, COMPLETED, NO_SHOW -> this;
		};
	}

	/**
	 * The starts the entry would take that overlap the freed time {@code [from, until)}: on the slot grid, inside its
	 * window, such that the treatment and its cleanup ({@code busy}) overlap the freed time; earliest first.
	 */
	List<Instant> startsOverlapping(SpaCalendar calendar, Duration busy, Instant from, Instant until) {
		Instant lowest = later(earliestStart, from.minus(busy).plusNanos(1000));
		Instant highest = earlier(latestStart, until.minusNanos(1000));
		List<Instant> starts = new ArrayList<>();
		for (Instant start = onGridFrom(calendar, lowest); !start.isAfter(highest); start = start.plus(calendar.slot())) {
			if (calendar.onSlotGrid(start)) {
				starts.add(start);
			}
		}
		return starts;
	}

	/** The first start on the grid at or after {@code at}: whole slots of local time from midnight. */
	private static Instant onGridFrom(SpaCalendar calendar, Instant at) {
		LocalDateTime local = LocalDateTime.ofInstant(at, calendar.zone());
		long slotMinutes = calendar.slot().toMinutes();
		LocalDateTime minute = local.withSecond(0).withNano(0);
		if (minute.isBefore(local)) {
			minute = minute.plusMinutes(1);
		}
		long overGrid = (minute.getHour() * 60L + minute.getMinute()) % slotMinutes;
		LocalDateTime onGrid = overGrid == 0 ? minute : minute.plusMinutes(slotMinutes - overGrid);
		Instant start = onGrid.atZone(calendar.zone()).toInstant();
		// a local time in a gap of the zone (spring forward) lands after it; one repeated takes its first occurrence
		return start.isBefore(at) ? start.plus(calendar.slot()) : start;
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant earlier(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private WaitlistEntry with(WaitlistStatus newStatus, UUID booking, Instant expiresAt) {
		return new WaitlistEntry(id, customerId, serviceId, therapistId, day, earliestStart, latestStart, newStatus,
				position, booking, expiresAt, joinedAt);
	}

	/** As stored: the table drew its place in line. */
	WaitlistEntry at(long drawnPosition) {
		return new WaitlistEntry(id, customerId, serviceId, therapistId, day, earliestStart, latestStart, status,
				drawnPosition, offeredBookingId, offerExpiresAt, joinedAt);
	}

	/** As results and events carry it, with its times in the spa's local time as well. */
	WaitlistEntrySnapshot snapshot(ZoneId zone) {
		return new WaitlistEntrySnapshot(id, customerId, serviceId, therapistId, day, earliestStart, latestStart, status,
				position, offeredBookingId, offerExpiresAt, joinedAt, zone.getId(),
				LocalDateTime.ofInstant(earliestStart, zone), LocalDateTime.ofInstant(latestStart, zone),
				offerExpiresAt == null ? null : LocalDateTime.ofInstant(offerExpiresAt, zone));
	}
}
