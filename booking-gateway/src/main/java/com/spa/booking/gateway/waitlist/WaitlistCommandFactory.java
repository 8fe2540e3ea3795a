package com.spa.booking.gateway.waitlist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.spa.booking.gateway.booking.BookingViews;
import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.LeaveWaitlist;
import com.spa.booking.schemas.WaitlistStatus;
import com.spa.booking.support.SharedSettings;

/**
 * What a waitlist request asks the worker to do, decided before anything is recorded: the command, if the caller may
 * ask for it and everything it names exists. The window is taken in the spa's local time, as the front desk and the
 * customer think of it, and sent as instants.
 */
@Component
class WaitlistCommandFactory {

	private final WaitlistViews entries;

	private final BookingViews bookings;

	private final CatalogQueries catalog;

	private final Clock clock;

	private final ZoneId zone;

	private final Duration horizon;

	WaitlistCommandFactory(WaitlistViews entries, BookingViews bookings, CatalogQueries catalog, SharedSettings settings,
			Clock clock) {
		this.entries = entries;
		this.bookings = bookings;
		this.catalog = catalog;
		this.clock = clock;
		this.zone = settings.zone();
		this.horizon = settings.horizon();
	}

	/** @throws org.springframework.web.ErrorResponseException 403, or 422 naming every field that is wrong */
	JoinWaitlist join(Caller caller, UUID customerId, UUID serviceId, UUID therapistId, LocalDate day, LocalTime earliest,
			LocalTime latest) {
		caller.requireMayActFor(customerId);
		Instant now = clock.instant();
		List<FieldError> errors = new ArrayList<>();
		Instants.outOfRange("day", day).ifPresent(errors::add);
		if (latest.isBefore(earliest)) {
			errors.add(new FieldError("latest", "must not be before earliest"));
		}
		if (!catalog.hasCustomer(customerId)) {
			errors.add(new FieldError("customerId", "no such customer"));
		}
		if (!catalog.hasService(serviceId)) {
			errors.add(new FieldError("serviceId", "no such service"));
		}
		if (therapistId != null && !catalog.hasTherapist(therapistId)) {
			errors.add(new FieldError("therapistId", "no such therapist"));
		}
		requireNone(errors);
		// a local time that a clock change skips is taken as the instant after the gap, as the calendar does
		Instant earliestStart = day.atTime(earliest).atZone(zone).toInstant();
		Instant latestStart = day.atTime(latest).atZone(zone).toInstant();
		if (latestStart.isBefore(earliestStart)) {
			// both inside the hour a clock change skips or repeats, moved apart by it
			errors.add(new FieldError("latest", "must not be before earliest on " + day + " in " + zone));
		}
		Instants.unbookable("latest", latestStart, now, horizon).ifPresent(errors::add);
		requireNone(errors);
		return JoinWaitlist.requested(customerId, serviceId, therapistId, day, earliestStart, latestStart, caller.actor(),
				now);
	}

	/**
	 * Leaving a waiting entry; for an entry that was offered a time, cancelling the hold it was offered, which declines
	 * the offer and passes the time on (the worker does both in one step).
	 */
	BookingCommand leave(Caller caller, UUID entryId) {
		WaitlistEntryView entry = visible(entryId, caller);
		Instant now = clock.instant();
		if (entry.status() == WaitlistStatus.OFFERED && entry.offeredBookingId() != null) {
			UUID therapist = bookings.find(entry.offeredBookingId())
				.orElseThrow(() -> Problems.notFound("booking", entry.offeredBookingId()))
				.therapistId();
			return new CancelBooking(UUID.randomUUID(), now, entry.offeredBookingId(), therapist, caller.actor());
		}
		return new LeaveWaitlist(UUID.randomUUID(), now, entryId, entry.customerId(), caller.actor());
	}

	/** Another customer's entry is not found: whether it exists is not the caller's to know. */
	WaitlistEntryView visible(UUID entryId, Caller caller) {
		return entries.find(entryId)
			.filter(entry -> caller.maySeeCustomer(entry.customerId()))
			.orElseThrow(() -> Problems.notFound("waitlist entry", entryId));
	}

	private static void requireNone(List<FieldError> errors) {
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}
}
