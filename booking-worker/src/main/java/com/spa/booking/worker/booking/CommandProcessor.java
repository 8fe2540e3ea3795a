package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.SessionCommand;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.schemas.SessionOutcome;
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
		if (command instanceof SessionCommand session) {
			result = applySession(session);
		}
		else try {
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
		requireRoomForHolds(command.customerId(), 1, command.requestedAt());
		return succeeded(command, placeItem(command.bookingId(), command.customerId(), command.therapistId(),
				command.serviceId(), command.start(), command.requestedAt().plus(properties.holdTtl()), null, command));
	}

	/** Locks the customer's holds and checks that {@code more} fit under the limit. */
	private void requireRoomForHolds(UUID customerId, int more, Instant at) {
		if (!catalog.lockCustomerHolds(customerId)) {
			throw unknown("customer", customerId);
		}
		if (bookings.runningHoldsOf(customerId, at) + more > properties.maxActiveHoldsPerCustomer()) {
			throw new CommandRefused(RejectionReason.TOO_MANY_HOLDS, "A customer may hold at most "
					+ properties.maxActiveHoldsPerCustomer() + " unconfirmed treatments at once.");
		}
	}

	/** Every rule for a hold, then the insert, then BookingHeld. */
	private Booking placeItem(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant expiresAt, UUID sessionId, BookingCommand command) {
		if (start.isBefore(command.requestedAt())) {
			throw new CommandRefused(RejectionReason.START_IN_PAST, "The start " + start + " has passed.");
		}
		if (bookings.find(bookingId).isPresent()) {
			throw new CommandRefused(RejectionReason.CONFLICTING_BOOKING_ID, "Booking " + bookingId + " already exists.");
		}
		Treatment treatment = catalog.treatment(serviceId).orElseThrow(() -> unknown("service", serviceId));
		if (!catalog.lockTherapistSchedule(therapistId)) {
			throw unknown("therapist", therapistId);
		}
		Booking hold = Booking.hold(bookingId, customerId, therapistId, start, treatment, expiresAt, sessionId);
		checkCalendar(hold, treatment);
		if (therapistId.equals(command.therapistId())) {
			// only this partition's own run-out holds: another therapist's belong to their partition
			expireRunOutHoldsInTheWay(hold, command);
		}
		Booking placed = insert(hold, treatment);
		outbox.event(new BookingHeld(UUID.randomUUID(), now(), command.requestId(), placed.snapshot()));
		return placed;
	}

	private CommandResult applySession(SessionCommand command) {
		try {
			if (command instanceof HoldSession hold) {
				return holdSession(hold);
			}
			List<Booking> items = bookings.lockSession(command.sessionId());
			if (items.isEmpty()) {
				throw new CommandRefused(RejectionReason.BOOKING_NOT_FOUND, "No session " + command.sessionId() + ".");
			}
			if (command instanceof CancelSession) {
				List<Booking> cancelled = items.stream().map(item -> save(item, item.cancel(), command)).toList();
				return sessionResult(command, cancelled.stream().map(item -> new SessionOutcome.Item(item.snapshot(), null)).toList(), null);
			}
			return confirmSession(command, items);
		}
		catch (CommandRefused refused) {
			return sessionResult(command, List.of(), refused.rejection());
		}
	}

	/** All items or none, in one savepoint: any item refused rolls back every item's hold. */
	private CommandResult holdSession(HoldSession command) {
		requireRoomForHolds(command.customerId(), command.items().size(), command.requestedAt());
		Instant expiresAt = command.requestedAt().plus(properties.holdTtl());
		List<SessionItem> ordered = command.items().stream()
			.sorted(Comparator.comparing((SessionItem item) -> item.therapistId()).thenComparing(SessionItem::start))
			.toList();
		List<SessionOutcome.Item> outcomes = new ArrayList<>();
		savepoint.executeWithoutResult(status -> {
			bookings.addSession(command.sessionId(), command.customerId(), expiresAt);
			for (SessionItem item : ordered) {
				try {
					Booking placed = placeItem(item.bookingId(), command.customerId(), item.therapistId(), item.serviceId(),
							item.start(), expiresAt, command.sessionId(), command);
					outcomes.add(new SessionOutcome.Item(placed.snapshot(), null));
				}
				catch (CommandRefused refused) {
					outcomes.add(new SessionOutcome.Item(requested(command, item), refused.rejection()));
				}
			}
			if (outcomes.stream().anyMatch(outcome -> outcome.rejection() != null)) {
				status.setRollbackOnly();
			}
		});
		if (outcomes.stream().allMatch(outcome -> outcome.rejection() == null)) {
			return sessionResult(command, outcomes, null);
		}
		// nothing was held: the items that were fine are shown as requested, without a status
		List<SessionOutcome.Item> asRequested = new ArrayList<>();
		for (int i = 0; i < ordered.size(); i++) {
			SessionOutcome.Item outcome = outcomes.get(i);
			asRequested.add(outcome.rejection() != null ? outcome
					: new SessionOutcome.Item(requested(command, ordered.get(i)), null));
		}
		return refusedSession(command, asRequested, expiresAt);
	}

	/**
	 * Confirms every item or none. Items whose hold ran out are marked expired whatever happens; then, in one
	 * savepoint, every item is confirmed (an expired one only if its time is still free, as for a single booking).
	 */
	private CommandResult confirmSession(SessionCommand command, List<Booking> items) {
		List<Booking> current = items.stream()
			.map(item -> save(item, item.expireIfRunOut(command.requestedAt()), command))
			.toList();
		List<SessionOutcome.Item> outcomes = new ArrayList<>();
		savepoint.executeWithoutResult(status -> {
			for (Booking item : current) {
				try {
					Booking confirmed = item.status() == BookingStatus.EXPIRED ? confirmLate(item, command)
							: save(item, item.confirm(), command);
					outcomes.add(new SessionOutcome.Item(confirmed.snapshot(), null));
				}
				catch (CommandRefused refused) {
					outcomes.add(new SessionOutcome.Item(item.snapshot(), refused.rejection()));
				}
			}
			if (outcomes.stream().anyMatch(outcome -> outcome.rejection() != null)) {
				status.setRollbackOnly();
			}
		});
		if (outcomes.stream().allMatch(outcome -> outcome.rejection() == null)) {
			return sessionResult(command, outcomes, null);
		}
		List<SessionOutcome.Item> asTheyStand = new ArrayList<>();
		for (int i = 0; i < current.size(); i++) {
			asTheyStand.add(new SessionOutcome.Item(current.get(i).snapshot(), outcomes.get(i).rejection()));
		}
		return refusedSession(command, asTheyStand, current.get(0).holdExpiresAt());
	}

	/** A refused session command: each item in the way is announced as BookingRejected. */
	private CommandResult refusedSession(SessionCommand command, List<SessionOutcome.Item> items, Instant expiresAt) {
		long refused = items.stream().filter(item -> item.rejection() != null).count();
		SessionOutcome.Item first = items.stream().filter(item -> item.rejection() != null).findFirst().orElseThrow();
		Rejection rejection = new Rejection(first.rejection().reason(), refused + " of " + items.size()
				+ " items could not be " + (command instanceof HoldSession ? "held" : "confirmed")
				+ ", so none was. First: " + first.rejection().detail());
		for (SessionOutcome.Item item : items) {
			if (item.rejection() != null) {
				outbox.event(new BookingRejected(UUID.randomUUID(), now(), command.requestId(), item.booking(),
						command.type(), item.rejection()));
			}
		}
		return CommandResult.ofSession(command, new SessionOutcome(command.sessionId(), customerOf(command, items),
				expiresAt, items), rejection, now());
	}

	private CommandResult sessionResult(SessionCommand command, List<SessionOutcome.Item> items, Rejection rejection) {
		Instant expiresAt = items.isEmpty() ? null : items.get(0).booking().holdExpiresAt();
		return CommandResult.ofSession(command, new SessionOutcome(command.sessionId(), customerOf(command, items),
				expiresAt, items), rejection, now());
	}

	private static UUID customerOf(SessionCommand command, List<SessionOutcome.Item> items) {
		if (command instanceof HoldSession hold) {
			return hold.customerId();
		}
		return items.isEmpty() ? null : items.get(0).booking().customerId();
	}

	private static BookingSnapshot requested(HoldSession command, SessionItem item) {
		return new BookingSnapshot(item.bookingId(), command.customerId(), item.therapistId(), item.serviceId(),
				item.start(), null, null, null, null, command.sessionId());
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
					hold.start(), null, null, null, null, null);
		}
		return bookings.find(command.bookingId())
			.map(Booking::snapshot)
			.orElseGet(() -> new BookingSnapshot(command.bookingId(), null, command.therapistId(), null, null, null,
					null, null, null, null));
	}

	private static CommandRefused unknown(String what, UUID id) {
		return new CommandRefused(RejectionReason.UNKNOWN_REFERENCE, "There is no " + what + " " + id + ".");
	}

	private Instant now() {
		return clock.instant();
	}
}
