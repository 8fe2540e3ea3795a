package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingCompleted;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.FeeCharged;
import com.spa.booking.schemas.FeeKind;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.HoldReleased;
import com.spa.booking.schemas.NoShowRecorded;
import com.spa.booking.schemas.Price;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * Writes a booking's state change and announces it, in the caller's transaction: the one place where a transition
 * becomes a row and an event.
 */
@Component
class TransitionWriter {

	private final BookingWorkingSet bookings;

	private final EventBuffer events;

	private final Clock clock;

	private final Counter holdsExpired;

	private final java.time.ZoneId zone;

	/** Moves a waitlist entry on when the hold offered to it changes. */
	private final WaitlistOfferCloser offers;

	TransitionWriter(BookingWorkingSet bookings, EventBuffer events, Clock clock, MeterRegistry meters,
			SharedSettings settings, WaitlistOfferCloser offers) {
		this.offers = offers;
		this.zone = settings.zone();
		this.holdsExpired = meters.counter("booking.holds.expired");
		this.bookings = bookings;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Writes a transition, if the row is still as it was read, and announces it; a transition to the same state is no
	 * change and no event.
	 *
	 * @throws BookingChangedMeanwhile if the row changed since {@code before} was read
	 */
	Booking save(Booking before, Booking after, BookingCommand cause) {
		if (after.status() == before.status()) {
			return before;
		}
		Booking written = bookings.update(after);
		announce(written, cause);
		return written;
	}

	void announce(Booking after, BookingCommand cause) {
		UUID eventId = UUID.randomUUID();
		Instant at = now();
		BookingSnapshot state = after.snapshot(zone);
		BookingEvent event = switch (after.status()) {
			case CONFIRMED -> new BookingConfirmed(eventId, at, cause.requestId(), state, after.deposit());
			case CANCELLED -> new BookingCancelled(eventId, at, cause.requestId(), state);
			case RELEASED -> new HoldReleased(eventId, at, cause.requestId(), state);
			case EXPIRED -> new HoldExpired(eventId, at, cause.requestId(), state);
			case COMPLETED -> new BookingCompleted(eventId, at, cause.requestId(), state);
			case NO_SHOW -> new NoShowRecorded(eventId, at, cause.requestId(), state);
			case HELD -> throw new IllegalStateException("Nothing goes back to HELD: " + after);
		};
		events.add(event);
		if (after.status() == BookingStatus.EXPIRED) {
			holdsExpired.increment();
		}
		if (after.waitlistEntryId() != null) {
			offers.holdChanged(after, cause);
		}
	}

	/**
	 * Announces a fee for a booking whose change the same command just wrote (a late cancellation, a no-show). Its
	 * event ID is the booking's and the kind's ({@link FeeCharged#eventIdOf}), so a payment service that charges by
	 * event ID charges it once, whatever is delivered again.
	 */
	void charge(Booking booking, FeeKind kind, Price fee, BookingCommand cause) {
		events.add(new FeeCharged(FeeCharged.eventIdOf(booking.id(), kind), now(), cause.requestId(),
				booking.snapshot(zone), kind, fee));
	}

	private Instant now() {
		return clock.instant();
	}
}
