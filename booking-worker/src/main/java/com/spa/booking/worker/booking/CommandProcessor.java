package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.HoldReleased;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.BookingRescheduled;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.outbox.Outbox;

/**
 * Applies one command: idempotency check, the aggregate's rules, the write, and the outcome (result and events into
 * the outbox), all in the caller's transaction or a new one. Nothing here talks to Kafka, so the same method can apply
 * a whole poll of records inside one transaction.
 */
@Service
public class CommandProcessor {

	/** How often a hold tries another room after losing one to another therapist's partition. */
	private static final int MAX_ROOM_ATTEMPTS = 3;

	private final Bookings bookings;

	private final Catalog catalog;

	private final ProcessedCommands processed;

	private final Schedules schedules;

	private final Rooms rooms;

	private final Outbox outbox;

	private final WorkerProperties properties;

	private final Clock clock;

	/** Runs a statement in a savepoint, so that a refused write does not spoil the command's transaction. */
	private final TransactionTemplate savepoint;

	CommandProcessor(Bookings bookings, Catalog catalog, Schedules schedules, Rooms rooms, ProcessedCommands processed,
			Outbox outbox, WorkerProperties properties, Clock clock, PlatformTransactionManager transactions) {
		this.savepoint = new TransactionTemplate(transactions);
		this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.bookings = bookings;
		this.catalog = catalog;
		this.schedules = schedules;
		this.rooms = rooms;
		this.processed = processed;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public CommandResult process(BookingCommand command) {
		var earlier = processed.find(command.requestId());
		if (earlier.isPresent()) {
			// a redelivery: answer again, change nothing, announce nothing new
			outbox.result(earlier.get());
			return earlier.get();
		}
		CommandResult result;
		try {
			result = apply(command);
		}
		catch (CommandRefused refused) {
			BookingSnapshot booking = bookingAsRefused(command);
			result = CommandResult.rejected(command, booking, refused.rejection(), now());
			if (!(command instanceof ExpireHold)) {
				outbox.event(new BookingRejected(UUID.randomUUID(), result.processedAt(), command.requestId(), booking,
						command.type(), refused.rejection()));
			}
		}
		processed.record(result);
		outbox.result(result);
		return result;
	}

	private CommandResult apply(BookingCommand command) {
		if (command instanceof PlaceHold hold) {
			return placeHold(hold);
		}
		Booking booking = bookings.find(command.bookingId())
			.filter(found -> found.therapistId().equals(command.therapistId()))
			.orElseThrow(() -> new CommandRefused(RejectionReason.BOOKING_NOT_FOUND,
					"No booking " + command.bookingId() + " with therapist " + command.therapistId() + "."));
		if (command instanceof ExpireHold) {
			return succeeded(command, save(booking, booking.expire(command.requestedAt()), command));
		}
		if (command instanceof RescheduleBooking reschedule) {
			return succeeded(command, reschedule(booking, reschedule));
		}
		Booking current = save(booking, booking.expireIfRunOut(command.requestedAt()), command);
		if (command instanceof ConfirmBooking && current.status() == BookingStatus.EXPIRED) {
			return succeeded(command, confirmLate(current, command));
		}
		Booking changed = command instanceof ConfirmBooking ? current.confirm() : current.cancel();
		return succeeded(command, save(current, changed, command));
	}

	private CommandResult placeHold(PlaceHold command) {
		if (command.start().isBefore(command.requestedAt())) {
			throw new CommandRefused(RejectionReason.START_IN_PAST, "The start " + command.start() + " has passed.");
		}
		if (bookings.find(command.bookingId()).isPresent()) {
			throw new CommandRefused(RejectionReason.CONFLICTING_BOOKING_ID,
					"Booking " + command.bookingId() + " already exists.");
		}
		Treatment treatment = catalog.treatment(command.serviceId())
			.orElseThrow(() -> unknown("service", command.serviceId()));
		if (!catalog.lockTherapistSchedule(command.therapistId())) {
			throw unknown("therapist", command.therapistId());
		}
		if (!catalog.lockCustomerHolds(command.customerId())) {
			throw unknown("customer", command.customerId());
		}
		if (bookings.runningHoldsOf(command.customerId(), command.requestedAt()) >= properties.maxActiveHoldsPerCustomer()) {
			throw new CommandRefused(RejectionReason.TOO_MANY_HOLDS, "A customer may hold at most "
					+ properties.maxActiveHoldsPerCustomer() + " unconfirmed treatments at once.");
		}
		Booking hold = Booking.hold(command, treatment, properties.holdTtl());
		checkCalendar(hold, treatment);
		expireRunOutHoldsInTheWay(hold, command);
		Booking placed = insert(hold, treatment);
		outbox.event(new BookingHeld(UUID.randomUUID(), now(), command.requestId(), placed.snapshot()));
		return succeeded(command, placed);
	}

	/** A hold that ran out but was not yet marked must not stand in the way. */
	private void expireRunOutHoldsInTheWay(Booking booking, BookingCommand command) {
		for (Booking runOut : bookings.runOutHoldsOverlapping(booking.therapistId(), booking.start(),
				booking.blockedUntil(), command.requestedAt())) {
			save(runOut, runOut.expireIfRunOut(command.requestedAt()), command);
		}
	}

	/**
	 * A payment that came in after the hold expired: the booking is confirmed after all if every rule for a hold still
	 * lets it have its time (a room may be another one now); otherwise the confirm is refused as {@code HOLD_EXPIRED},
	 * and the BookingRejected event tells the payment service to give the money back.
	 */
	private Booking confirmLate(Booking expired, BookingCommand command) {
		Treatment treatment = catalog.treatment(expired.serviceId())
			.orElseThrow(() -> unknown("service", expired.serviceId()));
		catalog.lockTherapistSchedule(expired.therapistId());
		try {
			checkCalendar(expired, treatment);
			expireRunOutHoldsInTheWay(expired, command);
			UUID room = null;
			if (treatment.roomType() != null) {
				room = rooms.free(treatment.roomType(), expired.start(), expired.blockedUntil())
					.orElseThrow(() -> refusal(RejectionReason.NO_ROOM, expired, treatment));
			}
			Booking confirmed = expired.confirmLate(room);
			bookings.obstacle(confirmed).ifPresent(obstacle -> {
				throw refusal(obstacle, confirmed, treatment);
			});
			// another partition may take the room or the customer's time in between: the constraints decide
			if (!Boolean.TRUE.equals(savepoint.execute(status -> updateUnlessOverlapping(confirmed)))) {
				throw refusal(RejectionReason.NO_ROOM, confirmed, treatment);
			}
			announce(confirmed, command);
			return confirmed;
		}
		catch (CommandRefused refused) {
			throw new CommandRefused(RejectionReason.HOLD_EXPIRED, "The hold expired at " + expired.holdExpiresAt()
					+ " and its time is no longer available: " + refused.rejection().detail());
		}
	}

	/**
	 * Moves a confirmed booking, all or nothing: every rule for a new hold applies to the new time (the booking does not
	 * stand in its own way), and the move is one UPDATE in a savepoint, so a clash found by the constraints leaves the
	 * booking exactly as it was.
	 */
	private Booking reschedule(Booking booking, RescheduleBooking command) {
		Treatment treatment = catalog.treatment(booking.serviceId())
			.orElseThrow(() -> unknown("service", booking.serviceId()));
		if (command.newStart().isBefore(command.requestedAt())) {
			throw new CommandRefused(RejectionReason.START_IN_PAST, "The start " + command.newStart() + " has passed.");
		}
		if (!catalog.lockTherapistSchedule(command.newTherapistId())) {
			throw unknown("therapist", command.newTherapistId());
		}
		Booking moved = booking.movedTo(command.newTherapistId(), command.newStart(), treatment);
		checkCalendar(moved, treatment);
		if (moved.therapistId().equals(booking.therapistId())) {
			// only this partition's own holds: another therapist's belong to their partition
			expireRunOutHoldsInTheWay(moved, command);
		}
		Booking target = treatment.roomType() == null ? moved
				: moved.inRoom(rooms.free(treatment.roomType(), moved.start(), moved.blockedUntil(), booking.id())
					.orElseThrow(() -> refusal(bookings.obstacle(moved).orElse(RejectionReason.NO_ROOM), moved, treatment)));
		bookings.obstacle(target).ifPresent(obstacle -> {
			throw refusal(obstacle, target, treatment);
		});
		if (!Boolean.TRUE.equals(savepoint.execute(status -> moveUnlessOverlapping(target)))) {
			throw refusal(bookings.obstacle(target).orElse(RejectionReason.SLOT_TAKEN), target, treatment);
		}
		outbox.event(new BookingRescheduled(UUID.randomUUID(), now(), command.requestId(), target.snapshot(),
				booking.start(), booking.end(), booking.therapistId(), booking.roomId()));
		return target;
	}

	private boolean moveUnlessOverlapping(Booking booking) {
		try {
			bookings.move(booking);
			return true;
		}
		catch (DataIntegrityViolationException overlap) {
			return false;
		}
	}

	private boolean updateUnlessOverlapping(Booking booking) {
		try {
			bookings.update(booking);
			return true;
		}
		catch (DataIntegrityViolationException overlap) {
			return false;
		}
	}

	/** The rules that need no other booking: qualification, slot grid, working hours, time off and closures. */
	private void checkCalendar(Booking hold, Treatment treatment) {
		if (!catalog.isQualified(hold.therapistId(), hold.serviceId())) {
			throw new CommandRefused(RejectionReason.NOT_QUALIFIED,
					"Therapist " + hold.therapistId() + " does not perform service " + hold.serviceId() + ".");
		}
		SpaCalendar calendar = properties.calendar();
		if (!calendar.onSlotGrid(hold.start())) {
			throw new CommandRefused(RejectionReason.NOT_ON_SLOT_GRID, "Treatments start every "
					+ properties.slotMinutes() + " minutes, local time (" + calendar.zone() + ").");
		}
		if (!calendar.withinWorkingHours(schedules.week(hold.therapistId()), hold.start(), hold.blockedUntil())) {
			throw new CommandRefused(RejectionReason.OUTSIDE_WORKING_HOURS, "The treatment with its "
					+ treatment.bufferAfter().toMinutes() + " minutes of cleanup does not fit into the therapist's hours.");
		}
		schedules.away(hold.therapistId(), hold.start(), hold.blockedUntil()).ifPresent(reason -> {
			throw new CommandRefused(reason, reason == RejectionReason.SPA_CLOSED ? "The spa is closed then."
					: "The therapist is not working then.");
		});
	}

	/**
	 * Inserts the hold, in a free room if the service needs one. The exclusion constraints decide (therapist, room,
	 * customer); the queries only explain a refusal. A room can be taken by another therapist's partition between
	 * choosing it and inserting: then the next free room is tried.
	 */
	private Booking insert(Booking hold, Treatment treatment) {
		for (int attempt = 0; attempt < MAX_ROOM_ATTEMPTS; attempt++) {
			Booking candidate = hold;
			if (treatment.roomType() != null) {
				Optional<UUID> room = rooms.free(treatment.roomType(), hold.start(), hold.blockedUntil());
				if (room.isEmpty()) {
					throw refusal(bookings.obstacle(hold).orElse(RejectionReason.NO_ROOM), hold, treatment);
				}
				candidate = hold.inRoom(room.get());
			}
			if (bookings.insertUnlessOverlapping(candidate)) {
				return candidate;
			}
			RejectionReason obstacle = bookings.obstacle(candidate).orElse(RejectionReason.NO_ROOM);
			if (obstacle != RejectionReason.NO_ROOM) {
				throw refusal(obstacle, candidate, treatment);
			}
		}
		throw refusal(RejectionReason.NO_ROOM, hold, treatment);
	}

	private static CommandRefused refusal(RejectionReason reason, Booking hold, Treatment treatment) {
		String span = hold.start() + " and " + hold.blockedUntil();
		return new CommandRefused(reason, switch (reason) {
			case SLOT_TAKEN -> "The therapist is already booked between " + span + ".";
			case CUSTOMER_OVERLAP -> "The customer already has a treatment between " + hold.start() + " and "
					+ hold.end() + ".";
			default -> "No " + treatment.roomType() + " room is free between " + span + ".";
		});
	}

	/** Writes a transition and announces it; a transition to the same state is no change and no event. */
	private Booking save(Booking before, Booking after, BookingCommand cause) {
		if (after.status() == before.status()) {
			return before;
		}
		bookings.update(after);
		announce(after, cause);
		return after;
	}

	private void announce(Booking after, BookingCommand cause) {
		UUID eventId = UUID.randomUUID();
		Instant at = now();
		BookingSnapshot state = after.snapshot();
		BookingEvent event = switch (after.status()) {
			case CONFIRMED -> new BookingConfirmed(eventId, at, cause.requestId(), state);
			case CANCELLED -> new BookingCancelled(eventId, at, cause.requestId(), state);
			case RELEASED -> new HoldReleased(eventId, at, cause.requestId(), state);
			case EXPIRED -> new HoldExpired(eventId, at, cause.requestId(), state);
			case HELD -> throw new IllegalStateException("Nothing goes back to HELD: " + after);
		};
		outbox.event(event);
	}

	private CommandResult succeeded(BookingCommand command, Booking booking) {
		return CommandResult.succeeded(command, booking.snapshot(), now());
	}

	/** The booking as it stands; for a hold that never was, the booking as requested (without a status). */
	private BookingSnapshot bookingAsRefused(BookingCommand command) {
		if (command instanceof PlaceHold hold) {
			return new BookingSnapshot(hold.bookingId(), hold.customerId(), hold.therapistId(), hold.serviceId(),
					hold.start(), null, null, null, null);
		}
		return bookings.find(command.bookingId())
			.map(Booking::snapshot)
			.orElseGet(() -> new BookingSnapshot(command.bookingId(), null, command.therapistId(), null, null, null,
					null, null, null));
	}

	private static CommandRefused unknown(String what, UUID id) {
		return new CommandRefused(RejectionReason.UNKNOWN_REFERENCE, "There is no " + what + " " + id + ".");
	}

	private Instant now() {
		return clock.instant();
	}
}
