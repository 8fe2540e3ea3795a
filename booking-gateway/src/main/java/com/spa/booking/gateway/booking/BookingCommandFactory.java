package com.spa.booking.gateway.booking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CompleteBooking;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RecordNoShow;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.support.SharedSettings;

/**
 * What a booking request asks the worker to do, decided before anything is recorded: the command, keyed by the
 * therapist whose partition changes the booking, if the caller may ask for it and everything it names exists. The
 * controller only translates HTTP to these calls.
 */
@Component
class BookingCommandFactory {

	private final BookingViews bookings;

	private final CatalogQueries catalog;

	private final Clock clock;

	private final Duration horizon;

	BookingCommandFactory(BookingViews bookings, CatalogQueries catalog, SharedSettings settings, Clock clock) {
		this.bookings = bookings;
		this.catalog = catalog;
		this.clock = clock;
		this.horizon = settings.horizon();
	}

	/** @throws org.springframework.web.ErrorResponseException 403, or 422 naming every field that is wrong */
	PlaceHold hold(Caller caller, UUID customerId, UUID therapistId, UUID serviceId, Instant start) {
		caller.requireMayActFor(customerId);
		Instant now = clock.instant();
		List<FieldError> errors = new ArrayList<>();
		Instants.unbookable("start", start, now, horizon).ifPresent(errors::add);
		if (!catalog.hasCustomer(customerId)) {
			errors.add(new FieldError("customerId", "no such customer"));
		}
		errors.addAll(catalog.unknownIn("", therapistId, serviceId));
		requireNone(errors);
		return PlaceHold.requested(customerId, therapistId, serviceId, start, now);
	}

	BookingCommand confirm(Caller caller, UUID bookingId) {
		return new ConfirmBooking(UUID.randomUUID(), clock.instant(), bookingId, partitionOf(bookingId, caller));
	}

	BookingCommand cancel(Caller caller, UUID bookingId) {
		return new CancelBooking(UUID.randomUUID(), clock.instant(), bookingId, partitionOf(bookingId, caller),
				caller.actor());
	}

	BookingCommand complete(Caller caller, UUID bookingId) {
		return new CompleteBooking(UUID.randomUUID(), clock.instant(), bookingId, markedOn(bookingId, caller));
	}

	BookingCommand noShow(Caller caller, UUID bookingId) {
		return new RecordNoShow(UUID.randomUUID(), clock.instant(), bookingId, markedOn(bookingId, caller));
	}

	/**
	 * Where a mark goes: each booking, an item of a session too, takes place or not on its own, but a session's items
	 * are written only by its session's partition.
	 */
	private UUID markedOn(UUID bookingId, Caller caller) {
		BookingView booking = visible(bookingId, caller);
		if (booking.sessionId() == null) {
			return booking.therapistId();
		}
		return bookings.sessionPartitionKey(booking.sessionId())
			.orElseThrow(() -> Problems.notFound("booking", bookingId));
	}

	/** @param therapistId to move to another therapist; null to keep the same one */
	RescheduleBooking reschedule(Caller caller, UUID bookingId, Instant start, UUID therapistId, String reason) {
		Instant now = clock.instant();
		List<FieldError> errors = new ArrayList<>();
		Instants.unbookable("start", start, now, horizon).ifPresent(errors::add);
		if (therapistId != null && !catalog.hasTherapist(therapistId)) {
			errors.add(new FieldError("therapistId", "no such therapist"));
		}
		requireNone(errors);
		UUID current = partitionOf(bookingId, caller);
		return new RescheduleBooking(UUID.randomUUID(), now, bookingId, current, therapistId == null ? current : therapistId,
				start, caller.actor(), reason);
	}

	/** Another customer's booking is not found: whether it exists is not the caller's to know. */
	BookingView visible(UUID bookingId, Caller caller) {
		return bookings.find(bookingId)
			.filter(booking -> caller.maySeeCustomer(booking.customerId()))
			.orElseThrow(() -> Problems.notFound("booking", bookingId));
	}

	/**
	 * The therapist whose partition the booking's commands go to, so that they queue behind that therapist's others.
	 * A session's items change only with their session, on the session's partition.
	 */
	private UUID partitionOf(UUID bookingId, Caller caller) {
		BookingView booking = visible(bookingId, caller);
		if (booking.sessionId() != null) {
			throw Problems.conflict("part-of-session", "Part of a booking session", "Booking " + booking.bookingId()
					+ " belongs to session " + booking.sessionId()
					+ ": confirm, cancel or rebook the session as a whole.");
		}
		return booking.therapistId();
	}

	private static void requireNone(List<FieldError> errors) {
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}
}
