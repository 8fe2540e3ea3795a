package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.BookingRescheduled;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.outbox.Outbox;

/**
 * The spa's rules for a booking to have its time, and the writes that claim it: placing a hold, confirming one that
 * expired, moving a confirmed booking. Everything happens in the caller's transaction; writes that the database may
 * reject (an exclusion constraint) run in a savepoint, so a rejection never spoils that transaction.
 */
@Component
class BookingRules {

	/** How often a hold tries another room after losing one to another therapist's partition. */
	private static final int MAX_ROOM_ATTEMPTS = 3;

	private final Bookings bookings;

	private final CatalogLookups catalog;

	private final ScheduleLookups schedules;

	private final Rooms rooms;

	private final Transitions transitions;

	private final Outbox outbox;

	private final WorkerProperties properties;

	private final Clock clock;

	/** Runs a statement in a savepoint, so that a rejected write does not spoil the command's transaction. */
	private final Savepoints savepoints;

	BookingRules(Bookings bookings, CatalogLookups catalog, ScheduleLookups schedules, Rooms rooms, Transitions transitions,
			Outbox outbox, WorkerProperties properties, Clock clock, Savepoints savepoints) {
		this.bookings = bookings;
		this.catalog = catalog;
		this.schedules = schedules;
		this.rooms = rooms;
		this.transitions = transitions;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
		this.savepoints = savepoints;
	}

	/**
	 * Reads up front what a batch's holds will need, a statement for each kind rather than for each command: locks its
	 * customers and therapists, reads the therapists' skills, hours and time off, the customers' running holds, and
	 * the therapists' run-out holds.
	 */
	void prefetch(List<BookingCommand> commands) {
		Set<UUID> customers = new HashSet<>();
		Set<UUID> therapists = new HashSet<>();
		Instant latest = null;
		Instant earliest = null;
		List<Instant[]> times = new java.util.ArrayList<>();
		for (BookingCommand command : commands) {
			if (command instanceof PlaceHold hold) {
				customers.add(hold.customerId());
				therapists.add(hold.therapistId());
				times.add(new Instant[] { hold.start(), blockedUntil(hold.serviceId(), hold.start()) });
			}
			else if (command instanceof HoldSession session) {
				customers.add(session.customerId());
				session.items().forEach(item -> {
					therapists.add(item.therapistId());
					times.add(new Instant[] { item.start(), blockedUntil(item.serviceId(), item.start()) });
				});
			}
			else {
				continue;
			}
			latest = latest == null || command.requestedAt().isAfter(latest) ? command.requestedAt() : latest;
			earliest = earliest == null || command.requestedAt().isBefore(earliest) ? command.requestedAt() : earliest;
		}
		if (latest == null) {
			return;
		}
		catalog.prefetch(customers, therapists);
		schedules.prefetch(therapists);
		bookings.prefetchActiveOf(customers, earliest);
		bookings.prefetchRunOut(therapists, latest.minus(properties.holdGrace()));
		Instant from = times.stream().map(span -> span[0]).min(Instant::compareTo).orElseThrow();
		Instant until = times.stream().map(span -> span[1]).max(Instant::compareTo).orElseThrow();
		bookings.prefetchActive(therapists, customers, from, until);
		bookings.deferInserts();
	}

	/** When the therapist would be free again after the service from this start; the start itself if no such service. */
	private Instant blockedUntil(UUID serviceId, Instant start) {
		return catalog.treatment(serviceId).map(treatment -> start.plus(treatment.duration()).plus(treatment.bufferAfter()))
			.orElse(start);
	}

	/** Locks the customer's holds and checks that {@code more} fit under both limits: holds, and bookings. */
	void requireRoomForHolds(UUID customerId, int more, Instant at) {
		if (!catalog.lockCustomerHolds(customerId)) {
			throw CommandRejected.unknown("customer", customerId);
		}
		if (bookings.runningHoldsOf(customerId, at) + more > properties.maxActiveHoldsPerCustomer()) {
			throw new CommandRejected(RejectionReason.TOO_MANY_HOLDS, "A customer may hold at most "
					+ properties.maxActiveHoldsPerCustomer() + " unconfirmed treatments at once.");
		}
		if (bookings.activeBookingsOf(customerId, at) + more > properties.maxActiveBookingsPerCustomer()) {
			throw new CommandRejected(RejectionReason.TOO_MANY_BOOKINGS, "A customer may have at most "
					+ properties.maxActiveBookingsPerCustomer() + " treatments booked or held that have not taken place.");
		}
	}

	/** Every rule for a hold, then the insert, then BookingHeld. */
	Booking place(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant expiresAt, UUID sessionId, BookingCommand command) {
		requireWithinHorizon(start, command);
		if (bookings.find(bookingId).isPresent()) {
			throw new CommandRejected(RejectionReason.CONFLICTING_BOOKING_ID, "Booking " + bookingId + " already exists.");
		}
		Treatment treatment = catalog.treatment(serviceId).orElseThrow(() -> CommandRejected.unknown("service", serviceId));
		if (!catalog.lockTherapistSchedule(therapistId)) {
			throw CommandRejected.unknown("therapist", therapistId);
		}
		Booking hold = Booking.hold(bookingId, customerId, therapistId, start, treatment, expiresAt, sessionId);
		checkCalendar(hold, treatment);
		expireRunOutHoldsInTheWay(hold, command);
		Booking placed = insert(hold, treatment);
		outbox.event(new BookingHeld(UUID.randomUUID(), now(), command.requestId(), placed.snapshot(properties.zone())));
		return placed;
	}

	/** Neither in the past nor further ahead than the spa books. */
	private void requireWithinHorizon(Instant start, BookingCommand command) {
		if (start.isBefore(command.requestedAt())) {
			throw new CommandRejected(RejectionReason.START_IN_PAST, "The start " + start + " has passed.");
		}
		if (start.isAfter(command.requestedAt().plus(properties.horizon()))) {
			throw new CommandRejected(RejectionReason.BEYOND_HORIZON, "Treatments can be booked at most "
					+ properties.horizon().toDays() + " days ahead.");
		}
	}

	/**
	 * A hold that ran out, and whose grace ran out too, must not stand in the way; but only this partition may mark
	 * it expired, for only this partition writes it (a hold on its own belongs to its therapist's partition, a session's
	 * item to the session's). Another partition's run-out hold stays in the way until its own partition expires it.
	 */
	private void expireRunOutHoldsInTheWay(Booking booking, BookingCommand command) {
		Instant graceOver = command.requestedAt().minus(properties.holdGrace());
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
		Treatment treatment = catalog.treatment(expired.serviceId())
			.orElseThrow(() -> CommandRejected.unknown("service", expired.serviceId()));
		catalog.lockTherapistSchedule(expired.therapistId());
		try {
			checkCalendar(expired, treatment);
			expireRunOutHoldsInTheWay(expired, command);
			UUID room = null;
			if (treatment.roomType() != null) {
				room = rooms.free(treatment.roomType(), expired.start(), expired.blockedUntil())
					.orElseThrow(() -> rejection(RejectionReason.NO_ROOM, expired, treatment));
			}
			Booking confirmed = expired.confirmLate(room);
			bookings.obstacle(confirmed).ifPresent(obstacle -> {
				throw rejection(obstacle, confirmed, treatment);
			});
			// another partition may take the room or the customer's time in between: the constraints decide
			Booking written = unlessOverlapping(() -> bookings.update(confirmed));
			if (written == null) {
				throw rejection(RejectionReason.NO_ROOM, confirmed, treatment);
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
		Treatment treatment = catalog.treatment(booking.serviceId())
			.orElseThrow(() -> CommandRejected.unknown("service", booking.serviceId()));
		requireWithinHorizon(command.newStart(), command);
		if (!catalog.lockTherapistSchedule(command.newTherapistId())) {
			throw CommandRejected.unknown("therapist", command.newTherapistId());
		}
		Booking moved = booking.movedTo(command.newTherapistId(), command.newStart(), treatment);
		checkCalendar(moved, treatment);
		expireRunOutHoldsInTheWay(moved, command);
		Booking target = treatment.roomType() == null ? moved
				: moved.inRoom(rooms.free(treatment.roomType(), moved.start(), moved.blockedUntil(), booking.id())
					.orElseThrow(() -> rejection(bookings.obstacle(moved).orElse(RejectionReason.NO_ROOM), moved, treatment)));
		bookings.obstacle(target).ifPresent(obstacle -> {
			throw rejection(obstacle, target, treatment);
		});
		Booking written = unlessOverlapping(() -> bookings.move(target));
		if (written == null) {
			throw rejection(bookings.obstacle(target).orElse(RejectionReason.SLOT_TAKEN), target, treatment);
		}
		outbox.event(new BookingRescheduled(UUID.randomUUID(), now(), command.requestId(), written.snapshot(properties.zone()),
				booking.start(), booking.end(), booking.therapistId(), booking.roomId()));
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

	/** The rules that need no other booking: qualification, slot grid, working hours, time off and closures. */
	private void checkCalendar(Booking hold, Treatment treatment) {
		if (!catalog.isQualified(hold.therapistId(), hold.serviceId())) {
			throw new CommandRejected(RejectionReason.NOT_QUALIFIED,
					"Therapist " + hold.therapistId() + " does not perform service " + hold.serviceId() + ".");
		}
		SpaCalendar calendar = properties.calendar();
		if (!calendar.onSlotGrid(hold.start())) {
			throw new CommandRejected(RejectionReason.NOT_ON_SLOT_GRID, "Treatments start every "
					+ properties.slotMinutes() + " minutes, local time (" + calendar.zone() + ").");
		}
		if (!calendar.withinWorkingHours(schedules.week(hold.therapistId()), hold.start(), hold.blockedUntil())) {
			throw new CommandRejected(RejectionReason.OUTSIDE_WORKING_HOURS, "The treatment with its "
					+ treatment.bufferAfter().toMinutes() + " minutes of cleanup does not fit into the therapist's hours.");
		}
		schedules.away(hold.therapistId(), hold.start(), hold.blockedUntil()).ifPresent(reason -> {
			throw new CommandRejected(reason, reason == RejectionReason.SPA_CLOSED ? "The spa is closed then."
					: "The therapist is not working then.");
		});
	}

	/**
	 * Inserts the hold, in a free room if the service needs one. The exclusion constraints decide (therapist, room,
	 * customer); the queries only explain a rejection. A room can be taken by another therapist's partition between
	 * choosing it and inserting: then the next free room is tried.
	 */
	private Booking insert(Booking hold, Treatment treatment) {
		// a clash the batch can see needs no room looked for and no insert rejected (which would cost it what it read)
		Optional<RejectionReason> known = bookings.knownObstacle(hold);
		if (known.isPresent()) {
			throw rejection(known.get(), hold, treatment);
		}
		for (int attempt = 0; attempt < MAX_ROOM_ATTEMPTS; attempt++) {
			Booking candidate = hold;
			if (treatment.roomType() != null) {
				Optional<UUID> room = rooms.free(treatment.roomType(), hold.start(), hold.blockedUntil());
				if (room.isEmpty()) {
					throw rejection(bookings.obstacle(hold).orElse(RejectionReason.NO_ROOM), hold, treatment);
				}
				candidate = hold.inRoom(room.get());
			}
			if (bookings.insertUnlessOverlapping(candidate)) {
				return candidate;
			}
			RejectionReason obstacle = bookings.obstacle(candidate).orElse(RejectionReason.NO_ROOM);
			if (obstacle != RejectionReason.NO_ROOM) {
				throw rejection(obstacle, candidate, treatment);
			}
		}
		throw rejection(RejectionReason.NO_ROOM, hold, treatment);
	}

	/** A rejection that names what is in the way: the booking, in the spa's local time, where one is. */
	private CommandRejected rejection(RejectionReason reason, Booking hold, Treatment treatment) {
		Optional<Booking> inTheWay = reason == RejectionReason.SLOT_TAKEN || reason == RejectionReason.CUSTOMER_OVERLAP
				? bookings.inTheWay(hold, reason) : Optional.empty();
		return new CommandRejected(reason, switch (reason) {
			case SLOT_TAKEN -> inTheWay
				.map(booking -> "The therapist is booked " + localSpan(booking.start(), booking.blockedUntil())
						+ ", cleanup included.")
				.orElse("The therapist is booked " + localSpan(hold.start(), hold.blockedUntil()) + ".");
			case CUSTOMER_OVERLAP -> inTheWay
				.map(booking -> "The customer already has a treatment " + localSpan(booking.start(), booking.end()) + ".")
				.orElse("The customer already has a treatment " + localSpan(hold.start(), hold.end()) + ".");
			default -> "No " + treatment.roomType() + " room is free " + localSpan(hold.start(), hold.blockedUntil()) + ".";
		});
	}

	/** "from 2027-03-03 10:00 to 11:15 (Europe/Berlin)", the end's date only when it is another day. */
	private String localSpan(Instant from, Instant until) {
		ZonedDateTime start = from.atZone(properties.zone());
		ZonedDateTime end = until.atZone(properties.zone());
		return "from " + start.toLocalDate() + " " + start.toLocalTime() + " to "
				+ (end.toLocalDate().equals(start.toLocalDate()) ? "" : end.toLocalDate() + " ") + end.toLocalTime()
				+ " (" + properties.zone().getId() + ")";
	}

	private Instant now() {
		return clock.instant();
	}
}
