package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRescheduled;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * The writes that claim a booking's time, each after every rule for it: placing a hold, confirming one that expired,
 * moving a confirmed booking. Everything happens in the caller's transaction; writes that the database may reject (an
 * exclusion constraint) run in a savepoint, so a rejection never spoils that transaction.
 */
@Component
class BookingTimeClaimer {

	/** How often a hold tries another room after losing one to another therapist's partition. */
	private static final int MAX_ROOM_ATTEMPTS = 3;

	private final BookingWorkingSet bookings;

	private final CatalogLookups catalog;

	private final Locks locks;

	private final CalendarRuleChecker calendar;

	private final RoomChooser rooms;

	private final ClashExplainer clashes;

	private final TransitionWriter transitions;

	private final EventBuffer events;

	private final WorkerProperties properties;

	private final SharedSettings settings;

	private final Clock clock;

	/** Runs a statement in a savepoint, so that a rejected write does not spoil the command's transaction. */
	private final SavepointRunner savepoints;

	BookingTimeClaimer(BookingWorkingSet bookings, CatalogLookups catalog, Locks locks, CalendarRuleChecker calendar,
			RoomChooser rooms, ClashExplainer clashes, TransitionWriter transitions, EventBuffer events,
			WorkerProperties properties, SharedSettings settings, Clock clock, SavepointRunner savepoints) {
		this.bookings = bookings;
		this.catalog = catalog;
		this.locks = locks;
		this.calendar = calendar;
		this.rooms = rooms;
		this.clashes = clashes;
		this.transitions = transitions;
		this.events = events;
		this.properties = properties;
		this.settings = settings;
		this.clock = clock;
		this.savepoints = savepoints;
	}

	/** Locks the customer's holds and checks that {@code more} fit under both limits: holds, and bookings. */
	void requireRoomForHolds(UUID customerId, int more, Instant at) {
		if (!locks.lockCustomer(customerId)) {
			throw CommandRejected.unknown("customer", customerId);
		}
		if (bookings.runningHoldsOf(customerId, at) + more > properties.maxActiveHoldsPerCustomer()) {
			throw new CommandRejected(RejectionReason.TOO_MANY_HOLDS, "A customer may hold at most "
					+ properties.maxActiveHoldsPerCustomer() + " unconfirmed treatments at once.");
		}
		requireRoomForBookings(bookings.activeBookingsOf(customerId, at, settings.holdGrace()) + more);
	}

	/**
	 * Locks the customer's bookings and checks that this one fits under their limit once it is active: a late confirm
	 * brings an expired hold back, a move may bring a booking that has taken place back into the future. Under the same
	 * lock as holds, so that no two partitions can both take the last place.
	 */
	void requireRoomForBooking(Booking booking, Instant at) {
		if (!locks.lockCustomer(booking.customerId())) {
			throw CommandRejected.unknown("customer", booking.customerId());
		}
		int others = bookings.activeBookingsOf(booking.customerId(), at, settings.holdGrace())
				- (booking.countsAgainstTheCapAt(at, settings.holdGrace()) ? 1 : 0);
		requireRoomForBookings(others + 1);
	}

	private void requireRoomForBookings(int active) {
		if (active > properties.maxActiveBookingsPerCustomer()) {
			throw new CommandRejected(RejectionReason.TOO_MANY_BOOKINGS, "A customer may have at most "
					+ properties.maxActiveBookingsPerCustomer() + " treatments booked or held that have not taken place.");
		}
	}

	/** Every rule for a hold, then the insert, then BookingHeld. */
	Booking place(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant expiresAt, UUID sessionId, BookingCommand command) {
		return place(bookingId, customerId, therapistId, serviceId, start, expiresAt, sessionId, null, command);
	}

	/**
	 * As {@link #place(UUID, UUID, UUID, UUID, Instant, Instant, UUID, BookingCommand)}, for a hold made as a waitlist
	 * offer: the hold names its entry, so that whatever becomes of the hold moves the entry on.
	 *
	 * @param waitlistEntryId the entry the time is offered to; null for an ordinary hold
	 */
	Booking place(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant expiresAt, UUID sessionId, UUID waitlistEntryId, BookingCommand command) {
		calendar.requireWithinHorizon(start, command);
		if (bookings.find(bookingId).isPresent()) {
			throw new CommandRejected(RejectionReason.CONFLICTING_BOOKING_ID, "Booking " + bookingId + " already exists.");
		}
		Treatment treatment = catalog.treatment(serviceId).orElseThrow(() -> CommandRejected.unknown("service", serviceId));
		if (locks.lockTherapist(therapistId).isEmpty()) {
			throw CommandRejected.unknown("therapist", therapistId);
		}
		Booking hold = Booking.hold(bookingId, customerId, therapistId, start, treatment, expiresAt, sessionId)
			.offeredTo(waitlistEntryId)
			.requireNotice(command.requestedAt());
		calendar.check(hold, treatment);
		expireRunOutHoldsInTheWay(hold, command);
		Booking placed = insert(hold, treatment);
		events.add(new BookingHeld(UUID.randomUUID(), now(), command.requestId(), placed.snapshot(settings.zone())));
		return placed;
	}

	/**
	 * A hold that ran out, and whose grace ran out too, must not stand in the way; but only this partition may mark
	 * it expired, for only this partition writes it (a hold on its own belongs to its therapist's partition, a session's
	 * item to the session's). Another partition's run-out hold stays in the way until its own partition expires it.
	 */
	private void expireRunOutHoldsInTheWay(Booking booking, BookingCommand command) {
		Instant graceOver = Booking.asStored(command.requestedAt().minus(settings.holdGrace()));
		for (Booking runOut : bookings.runOutHoldsOverlapping(booking.therapistId(), booking.start(),
				booking.blockedUntil(), graceOver, command.therapistId())) {
			transitions.save(runOut, runOut.expireIfRunOut(graceOver), command);
		}
	}

	/**
	 * A payment that came in after the hold expired: the booking is confirmed after all if every rule for a hold still
	 * lets it have its time (a room may be another one now); otherwise the confirm is rejected as {@code HOLD_EXPIRED},
	 * and the BookingRejected event tells the payment service to give the money back.
	 */
	Booking confirmLate(Booking expired, BookingCommand command) {
		requireRoomForBooking(expired, command.requestedAt());
		Treatment treatment = catalog.treatment(expired.serviceId())
			.orElseThrow(() -> CommandRejected.unknown("service", expired.serviceId()));
		locks.lockTherapist(expired.therapistId());
		try {
			calendar.check(expired, treatment);
			expireRunOutHoldsInTheWay(expired, command);
			UUID room = null;
			if (treatment.roomType() != null) {
				room = rooms.free(treatment.roomType(), expired.start(), expired.blockedUntil())
					.orElseThrow(() -> clashes.rejection(RejectionReason.NO_ROOM, expired, treatment));
			}
			Booking confirmed = expired.confirmLate(room);
			bookings.obstacle(confirmed, treatment.roomType()).ifPresent(obstacle -> {
				throw clashes.rejection(obstacle, confirmed, treatment);
			});
			// another partition may take the room or the customer's time in between: the constraints decide
			Booking written = unlessOverlapping(() -> bookings.update(confirmed));
			if (written == null) {
				throw clashes.rejection(RejectionReason.NO_ROOM, confirmed, treatment);
			}
			transitions.announce(written, command);
			return written;
		}
		catch (CommandRejected rejected) {
			throw new CommandRejected(RejectionReason.HOLD_EXPIRED, "The hold expired at " + expired.holdExpiresAt()
					+ " and its time is no longer available: " + rejected.rejection().detail());
		}
	}

	/**
	 * Moves a confirmed booking, all or nothing: every rule for a new hold applies to the new time (the booking does not
	 * stand in its own way), and the move is one UPDATE in a savepoint, so a clash found by the constraints leaves the
	 * booking exactly as it was.
	 */
	Booking reschedule(Booking booking, RescheduleBooking command) {
		booking.requireMovable(command.requestedAt(), command.requestedBy(), command.reason());
		Treatment treatment = catalog.treatment(booking.serviceId())
			.orElseThrow(() -> CommandRejected.unknown("service", booking.serviceId()));
		calendar.requireWithinHorizon(command.newStart(), command);
		requireRoomForBooking(booking, command.requestedAt());
		if (locks.lockTherapist(command.newTherapistId()).isEmpty()) {
			throw CommandRejected.unknown("therapist", command.newTherapistId());
		}
		Booking moved = booking.movedTo(command.newTherapistId(), command.newStart(), treatment);
		if (command.requestedBy() == Actor.CUSTOMER) {
			moved.requireNotice(command.requestedAt());
		}
		calendar.check(moved, treatment);
		expireRunOutHoldsInTheWay(moved, command);
		Booking target = treatment.roomType() == null ? moved
				: moved.inRoom(rooms.free(treatment.roomType(), moved.start(), moved.blockedUntil(), booking.id())
					.orElseThrow(() -> clashes.rejection(
							bookings.obstacle(moved, treatment.roomType()).orElse(RejectionReason.NO_ROOM), moved,
							treatment)));
		bookings.obstacle(target, treatment.roomType()).ifPresent(obstacle -> {
			throw clashes.rejection(obstacle, target, treatment);
		});
		Booking written = unlessOverlapping(() -> bookings.move(target, command.requestId()));
		if (written == null) {
			throw clashes.rejection(bookings.obstacle(target, treatment.roomType()).orElse(RejectionReason.SLOT_TAKEN),
					target, treatment);
		}
		events.add(new BookingRescheduled(UUID.randomUUID(), now(), command.requestId(),
				written.snapshot(settings.zone()), booking.start(), booking.end(), booking.therapistId(),
				booking.roomId()));
		return written;
	}

	/**
	 * Runs a write in a savepoint, so that an exclusion constraint's rejection rolls back that write and nothing else.
	 *
	 * @return the booking as written, or null if it would have overlapped another (any other failure, a lost race
	 * among them, is thrown)
	 */
	private Booking unlessOverlapping(Supplier<Booking> write) {
		return savepoints.run(status -> {
			try {
				return write.get();
			}
			catch (DataIntegrityViolationException rejected) {
				if (!Bookings.isOverlap(rejected)) {
					throw rejected;
				}
				status.setRollbackOnly();
				return null;
			}
		});
	}

	/**
	 * Inserts the hold, in a free room if the service needs one. The exclusion constraints decide (therapist, room,
	 * customer), or, in a batch that read everything in the hold's way under its locks, the batch's memory; the
	 * queries only explain a rejection. A room can be taken by another therapist's partition between choosing it and
	 * inserting: then the next free room is tried.
	 */
	private Booking insert(Booking hold, Treatment treatment) {
		// a clash the batch can see needs no room looked for and no insert rejected (which would cost it what it read)
		Optional<RejectionReason> known = bookings.knownObstacle(hold);
		if (known.isPresent()) {
			throw clashes.rejection(known.get(), hold, treatment);
		}
		for (int attempt = 0; attempt < MAX_ROOM_ATTEMPTS; attempt++) {
			Booking candidate = hold;
			if (treatment.roomType() != null) {
				Optional<UUID> room = rooms.free(treatment.roomType(), hold.start(), hold.blockedUntil());
				if (room.isEmpty()) {
					throw clashes.rejection(bookings.obstacle(hold, treatment.roomType()).orElse(RejectionReason.NO_ROOM),
							hold, treatment);
				}
				candidate = hold.inRoom(room.get());
			}
			if (bookings.insertUnlessOverlapping(candidate, treatment.roomType())) {
				return candidate;
			}
			RejectionReason obstacle = bookings.obstacle(candidate, treatment.roomType()).orElse(RejectionReason.NO_ROOM);
			if (obstacle != RejectionReason.NO_ROOM) {
				throw clashes.rejection(obstacle, candidate, treatment);
			}
		}
		throw clashes.rejection(RejectionReason.NO_ROOM, hold, treatment);
	}

	private Instant now() {
		return clock.instant();
	}
}
