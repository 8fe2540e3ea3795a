package com.spa.booking.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.spa.booking.gateway.booking.BookingView;
import com.spa.booking.gateway.booking.BookingViews;
import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.ConfirmSession;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.SessionCommand;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.support.SharedSettings;

/**
 * What a session request asks the worker to do, decided before anything is recorded: the command, keyed by the
 * therapist whose partition the session belongs to, if the caller may ask for it and everything it names exists. The
 * controller only translates HTTP to these calls.
 */
@Component
class SessionCommandFactory {

	/** A treatment of a new session, as asked for. */
	record WantedItem(UUID therapistId, UUID serviceId, Instant start) {
	}

	private final BookingViews bookings;

	private final CatalogQueries catalog;

	private final Clock clock;

	private final Duration horizon;

	SessionCommandFactory(BookingViews bookings, CatalogQueries catalog, SharedSettings settings, Clock clock) {
		this.bookings = bookings;
		this.catalog = catalog;
		this.clock = clock;
		this.horizon = settings.horizon();
	}

	/** @throws org.springframework.web.ErrorResponseException 403, or 422 naming every field that is wrong */
	HoldSession hold(Caller caller, UUID customerId, List<WantedItem> wanted) {
		caller.requireMayActFor(customerId);
		Instant now = clock.instant();
		List<FieldError> errors = new ArrayList<>();
		if (!catalog.hasCustomer(customerId)) {
			errors.add(new FieldError("customerId", "no such customer"));
		}
		for (int i = 0; i < wanted.size(); i++) {
			WantedItem item = wanted.get(i);
			Instants.unbookable("items[" + i + "].start", item.start(), now, horizon).ifPresent(errors::add);
			errors.addAll(catalog.unknownIn("items[" + i + "].", item.therapistId(), item.serviceId()));
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		return HoldSession.requested(customerId, wanted.stream()
			.map(item -> SessionItem.requested(item.therapistId(), item.serviceId(), item.start()))
			.toList(), now);
	}

	SessionCommand confirm(Caller caller, UUID sessionId) {
		visible(sessionId, caller);
		return new ConfirmSession(UUID.randomUUID(), clock.instant(), sessionId, partitionOf(sessionId));
	}

	SessionCommand cancel(Caller caller, UUID sessionId) {
		visible(sessionId, caller);
		return new CancelSession(UUID.randomUUID(), clock.instant(), sessionId, partitionOf(sessionId), caller.actor());
	}

	/** A session's items; another customer's session is not found: whether it exists is not the caller's to know. */
	List<BookingView> visible(UUID sessionId, Caller caller) {
		List<BookingView> items = bookings.ofSession(sessionId);
		if (items.isEmpty() || !caller.maySeeCustomer(items.get(0).customerId())) {
			throw Problems.notFound("booking session", sessionId);
		}
		return items;
	}

	/** The therapist the worker keyed the session by when it was held: every command about it goes to that partition. */
	private UUID partitionOf(UUID sessionId) {
		return bookings.sessionPartitionKey(sessionId).orElseThrow(() -> Problems.notFound("booking session", sessionId));
	}
}
