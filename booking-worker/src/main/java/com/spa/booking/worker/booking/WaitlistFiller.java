package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.WaitlistOffered;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.booking.SeenBookings.Stretch;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * The fill (docs/waitlist.md): in the transaction of the command that releases a therapist's time, the time is offered
 * to the entries in line for it, first come first served, by holding it for the entry's customer. Every rule of an
 * ordinary hold applies; each try runs in a savepoint, and ends with the entry's compare-and-set from {@code WAITING}
 * to {@code OFFERED}: an entry another partition offered a time meanwhile (one for any therapist is seen by the
 * partitions of all of them), or that its customer left, changes no row, and the try is rolled back, hold and all.
 * Because all of it is the releasing command's transaction, a worker that dies in the middle leaves nothing: the command
 * comes again and the fill runs again from the start.
 *
 * <p>Cheap when nobody waits: one query on the partial index of waiting entries per release, nothing on holds.
 */
@Component
class WaitlistFiller {

	/** Rejections that say the entry cannot be offered any start now, whichever: its other starts are not tried. */
	private static final Set<RejectionReason> ABOUT_THE_ENTRY = EnumSet.of(RejectionReason.TOO_MANY_HOLDS,
			RejectionReason.TOO_MANY_BOOKINGS, RejectionReason.UNKNOWN_REFERENCE, RejectionReason.NOT_QUALIFIED);

	private final WaitlistEntries entries;

	private final BookingTimeClaimer claimer;

	private final Locks locks;

	private final CatalogLookups catalog;

	private final ScheduleLookups schedules;

	private final SavepointRunner savepoints;

	private final EventBuffer events;

	private final Duration offerTtl;

	private final SpaCalendar calendar;

	private final ZoneId zone;

	private final Clock clock;

	private final Counter made;

	WaitlistFiller(WaitlistEntries entries, BookingTimeClaimer claimer, Locks locks, CatalogLookups catalog,
			ScheduleLookups schedules, SavepointRunner savepoints, EventBuffer events, WorkerProperties properties,
			SharedSettings settings, Clock clock, MeterRegistry meters) {
		this.entries = entries;
		this.claimer = claimer;
		this.locks = locks;
		this.catalog = catalog;
		this.schedules = schedules;
		this.savepoints = savepoints;
		this.events = events;
		this.offerTtl = properties.waitlist().offerTtl();
		this.calendar = settings.calendar();
		this.zone = settings.zone();
		this.clock = clock;
		this.made = offers(meters, "made");
	}

	/** The counter of offers by what became of them: {@code made}, {@code taken}, {@code expired}, {@code declined}. */
	static Counter offers(MeterRegistry meters, String outcome) {
		return Counter.builder("booking.waitlist.offers")
			.description("Times offered to waitlist entries, and what became of the offers")
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Offers the therapist's time {@code [from, until)}, just released by {@code cause} on the therapist's partition, to
	 * the entries in line for it, while it has room for them; what is left stays free.
	 */
	void fill(UUID therapistId, Instant from, Instant until, BookingCommand cause) {
		if (!until.isAfter(from)) {
			return;
		}
		List<WaitlistEntry> waiting = entries.waitingFor(therapistId, days(from, until), until);
		List<Stretch> free = new ArrayList<>(List.of(new Stretch(from, until)));
		for (WaitlistEntry entry : waiting) {
			if (free.isEmpty()) {
				return;
			}
			Booking offered = offer(entry, therapistId, free, cause);
			if (offered != null) {
				free = without(free, offered.start(), offered.blockedUntil());
			}
		}
	}

	/** As {@link #fill}, for a booking known by its snapshot: its time with its cleanup. */
	void fillReleased(com.spa.booking.schemas.BookingSnapshot released, BookingCommand cause) {
		catalog.treatment(released.serviceId())
			.ifPresent(treatment -> fill(released.therapistId(), released.start(),
					released.end().plus(treatment.bufferAfter()), cause));
	}

	/** The local days the time touches: an entry's window lies on one day. */
	private Set<LocalDate> days(Instant from, Instant until) {
		Set<LocalDate> days = new TreeSet<>();
		LocalDate last = calendar.localDate(until.minusNanos(1));
		for (LocalDate day = calendar.localDate(from); !day.isAfter(last); day = day.plusDays(1)) {
			days.add(day);
		}
		return days;
	}

	/** @return the hold made for the entry, or null if it could not be offered any start in the free time */
	private Booking offer(WaitlistEntry entry, UUID therapistId, List<Stretch> free, BookingCommand cause) {
		Treatment treatment = catalog.treatment(entry.serviceId()).orElse(null);
		if (treatment == null || locks.lockTherapist(therapistId).isEmpty()
				|| !schedules.isQualified(therapistId, entry.serviceId())) {
			return null;
		}
		// the customer's lock and limits before the savepoints: a lock taken in a savepoint that is rolled back would go
		// with it, while this transaction went on believing it held it
		try {
			claimer.requireRoomForHolds(entry.customerId(), 1, cause.requestedAt());
		}
		catch (CommandRejected cannot) {
			return null;
		}
		Duration busy = treatment.duration().plus(treatment.bufferAfter());
		Set<Instant> starts = new TreeSet<>();
		free.forEach(stretch -> starts.addAll(entry.startsOverlapping(calendar, busy, stretch.from(), stretch.until())));
		UUID bookingId = offerId(cause, entry);
		for (Instant start : starts) {
			Instant expiresAt = offerExpiry(cause.requestedAt(), offerTtl, start);
			Attempt attempt = savepoints.run(status -> {
				try {
					Booking hold = claimer.place(bookingId, entry.customerId(), therapistId, entry.serviceId(), start,
							expiresAt, null, entry.id(), cause);
					WaitlistEntry offered = entry.offer(hold.id(), expiresAt);
					if (!entries.write(entry, offered, Booking.asStored(cause.requestedAt()))) {
						// offered a time by another partition meanwhile, or left: the hold goes with the savepoint
						status.setRollbackOnly();
						return Attempt.ENTRY_GONE;
					}
					events.add(new WaitlistOffered(UUID.randomUUID(), clock.instant(), cause.requestId(),
							offered.snapshot(zone), hold.snapshot(zone)));
					return new Attempt(hold, null);
				}
				catch (CommandRejected rejected) {
					status.setRollbackOnly();
					return new Attempt(null, rejected.rejection().reason());
				}
			});
			if (attempt.hold() != null) {
				made.increment();
				return attempt.hold();
			}
			if (attempt == Attempt.ENTRY_GONE || ABOUT_THE_ENTRY.contains(attempt.rejection())) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Until when an offer may be confirmed: the offer's time to live, but never past the treatment's start (a time freed
	 * just before it starts is offered only until then), at the precision the database stores.
	 */
	static Instant offerExpiry(Instant offeredAt, Duration ttl, Instant start) {
		Instant expiry = offeredAt.plus(ttl);
		return Booking.asStored(expiry.isAfter(start) ? start : expiry);
	}

	/**
	 * The offered hold's ID, from the releasing request and the entry: the same fill decided again (the command applied
	 * again after its transaction failed) makes the same hold.
	 */
	static UUID offerId(BookingCommand cause, WaitlistEntry entry) {
		return UUID.nameUUIDFromBytes(("waitlist-offer/" + cause.requestId() + "/" + entry.id())
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/** What is left of the free stretches once {@code [from, until)} is taken. */
	static List<Stretch> without(List<Stretch> free, Instant from, Instant until) {
		List<Stretch> left = new ArrayList<>();
		for (Stretch stretch : free) {
			if (!from.isBefore(stretch.until()) || !until.isAfter(stretch.from())) {
				left.add(stretch);
				continue;
			}
			if (stretch.from().isBefore(from)) {
				left.add(new Stretch(stretch.from(), from));
			}
			if (until.isBefore(stretch.until())) {
				left.add(new Stretch(until, stretch.until()));
			}
		}
		return left;
	}

	/** One try of one start: the hold made, or why not. */
	private record Attempt(Booking hold, RejectionReason rejection) {

		static final Attempt ENTRY_GONE = new Attempt(null, null);
	}
}
