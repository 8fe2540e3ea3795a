package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.WaitlistEntrySnapshot;
import com.spa.booking.schemas.WaitlistEvent;
import com.spa.booking.schemas.WaitlistOfferDeclined;
import com.spa.booking.schemas.WaitlistOfferExpired;
import com.spa.booking.schemas.WaitlistOfferTaken;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * Moves a waitlist entry on when the hold offered to it changes, in the transaction that changes the hold, whichever
 * path changed it (a confirm, the customer's cancellation, the expiry sweep, a hold that ran out in another's way):
 * confirmed is {@code BOOKED}, released is a declined offer, expired an expired one. Passing the freed time on to the
 * next entry is the releasing command's ({@link WaitlistFiller}).
 */
@Component
class WaitlistOfferCloser {

	private final WaitlistEntries entries;

	private final EventBuffer events;

	private final Clock clock;

	private final ZoneId zone;

	private final Counter taken;

	private final Counter expired;

	private final Counter declined;

	WaitlistOfferCloser(WaitlistEntries entries, EventBuffer events, Clock clock, SharedSettings settings,
			MeterRegistry meters) {
		this.entries = entries;
		this.events = events;
		this.clock = clock;
		this.zone = settings.zone();
		this.taken = WaitlistFiller.offers(meters, "taken");
		this.expired = WaitlistFiller.offers(meters, "expired");
		this.declined = WaitlistFiller.offers(meters, "declined");
	}

	/** @param hold an offered hold, as just written (one primary-key read and an update, only for offered holds) */
	void holdChanged(Booking hold, BookingCommand cause) {
		WaitlistEntry entry = entries.find(hold.waitlistEntryId()).orElse(null);
		if (entry == null) {
			return;
		}
		WaitlistEntry after = entry.offeredHoldBecame(hold.id(), hold.status());
		if (after == entry) {
			return;
		}
		if (!entries.write(entry, after, Booking.asStored(cause.requestedAt()))) {
			throw new WaitlistEntryChangedMeanwhile(entry, after);
		}
		UUID eventId = UUID.randomUUID();
		Instant at = clock.instant();
		WaitlistEntrySnapshot snapshot = after.snapshot(zone);
		WaitlistEvent event = switch (after.status()) {
			case BOOKED -> {
				taken.increment();
				yield new WaitlistOfferTaken(eventId, at, cause.requestId(), snapshot);
			}
			case OFFER_EXPIRED -> {
				expired.increment();
				yield new WaitlistOfferExpired(eventId, at, cause.requestId(), snapshot);
			}
			case OFFER_DECLINED -> {
				declined.increment();
				yield new WaitlistOfferDeclined(eventId, at, cause.requestId(), snapshot);
			}
			default -> throw new IllegalStateException("An offer does not end in " + after.status());
		};
		events.add(event);
	}
}
