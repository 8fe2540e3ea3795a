package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.SessionConfirmed;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.ExpireSession;
import com.spa.booking.schemas.FeeKind;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Rejection;
import com.spa.booking.schemas.SessionCommand;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.schemas.SessionOutcome;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * Commands about a whole session, applied in one transaction whichever therapists the items belong to: every item or
 * none. A rejection rolls back a savepoint, so the items that were fine were never visible to anyone.
 */
@Component
class SessionCommandApplier {

	private final SharedSettings settings;

	private final BookingWorkingSet bookings;

	private final BookingSessions sessions;

	private final BookingTimeClaimer claimer;

	private final TransitionWriter transitions;

	private final EventBuffer events;

	private final WorkerProperties properties;

	private final Clock clock;

	/** Rolls back every item of a rejected session, and nothing else of the command's transaction. */
	private final SavepointRunner savepoints;

	SessionCommandApplier(BookingWorkingSet bookings, BookingSessions sessions, BookingTimeClaimer claimer,
			TransitionWriter transitions, EventBuffer events, WorkerProperties properties, SharedSettings settings,
			Clock clock, SavepointRunner savepoints) {
		this.settings = settings;
		this.bookings = bookings;
		this.sessions = sessions;
		this.claimer = claimer;
		this.transitions = transitions;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.savepoints = savepoints;
	}

	CommandResult apply(SessionCommand command) {
		try {
			if (command instanceof HoldSession hold) {
				return holdSession(hold);
			}
			List<Booking> items = lockItems(command);
			if (command instanceof CancelSession cancel) {
				return cancelSession(cancel, items);
			}
			if (command instanceof ExpireSession) {
				return changedItems(command, items, item -> item.expire(command.requestedAt(), settings.holdGrace()));
			}
			return confirmSession(command, items);
		}
		catch (CommandRejected rejected) {
			return sessionResult(command, List.of(), rejected.rejection());
		}
	}

	/**
	 * The session's items, locked against every other transaction until this one ends. Only the session's own partition
	 * may change them: a command about the session that arrives keyed otherwise finds no such session.
	 */
	private List<Booking> lockItems(SessionCommand command) {
		UUID key = sessions.partitionKey(command.sessionId()).orElse(null);
		if (key == null || !key.equals(command.therapistId())) {
			throw new CommandRejected(RejectionReason.BOOKING_NOT_FOUND, key == null ? "No session " + command.sessionId()
					+ "." : "Session " + command.sessionId() + " is applied on therapist " + key + "'s partition, not on "
							+ command.therapistId() + "'s.");
		}
		return bookings.lockSession(command.sessionId());
	}

	/** The same change to every item: decided for all of them first, so that a rejection of one writes nothing. */
	private CommandResult changedItems(SessionCommand command, List<Booking> items, UnaryOperator<Booking> change) {
		List<Booking> decided = items.stream().map(change).toList();
		List<SessionOutcome.Item> changed = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			changed.add(new SessionOutcome.Item(transitions.save(items.get(i), decided.get(i), command).snapshot(settings.zone()), null));
		}
		return sessionResult(command, changed, null);
	}

	/**
	 * Every item or none (a session whose items have started is history, as a booking on its own is), and each
	 * confirmed item's late-cancellation fee, as for a booking on its own: the customer agreed to each item's policy.
	 */
	private CommandResult cancelSession(CancelSession command, List<Booking> items) {
		List<Booking> decided = items.stream().map(item -> item.cancel(command.requestedAt())).toList();
		List<SessionOutcome.Item> changed = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Booking before = items.get(i);
			Booking cancelled = transitions.save(before, decided.get(i), command);
			if (cancelled != before) {
				before.lateCancellationFee(command.requestedAt(), command.requestedBy())
					.ifPresent(fee -> transitions.charge(cancelled, FeeKind.LATE_CANCELLATION, fee, command));
			}
			changed.add(new SessionOutcome.Item(cancelled.snapshot(settings.zone()), null));
		}
		return sessionResult(command, changed, null);
	}

	/** All items or none, in one savepoint: any item rejected rolls back every item's hold. */
	private CommandResult holdSession(HoldSession command) {
		claimer.requireRoomForHolds(command.customerId(), command.items().size(), command.requestedAt());
		Instant expiresAt = Booking.asStored(command.requestedAt().plus(properties.holdTtl()));
		List<SessionItem> ordered = command.items().stream()
			.sorted(Comparator.comparing((SessionItem item) -> item.therapistId()).thenComparing(SessionItem::start))
			.toList();
		List<SessionOutcome.Item> outcomes = new ArrayList<>();
		savepoints.run(status -> {
			sessions.add(command.sessionId(), command.customerId(), expiresAt, command.therapistId());
			for (SessionItem item : ordered) {
				try {
					Booking placed = claimer.place(item.bookingId(), command.customerId(), item.therapistId(), item.serviceId(),
							item.start(), expiresAt, command.sessionId(), command);
					outcomes.add(new SessionOutcome.Item(placed.snapshot(settings.zone()), null));
				}
				catch (CommandRejected rejected) {
					outcomes.add(new SessionOutcome.Item(requested(command, item), rejected.rejection()));
				}
			}
			if (outcomes.stream().anyMatch(outcome -> outcome.rejection() != null)) {
				status.setRollbackOnly();
			}
			return null;
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
		return rejectedSession(command, asRequested, expiresAt);
	}

	/**
	 * Confirms every item or none, decided by when the confirm was requested. Items whose hold had run out by then are
	 * marked expired whatever happens; then, in one savepoint, every item is confirmed (an expired one only if its
	 * time is still free, as for a single booking).
	 */
	private CommandResult confirmSession(SessionCommand command, List<Booking> items) {
		List<Booking> current = items.stream()
			.map(item -> transitions.save(item, item.expireIfRunOut(command.requestedAt()), command))
			.toList();
		List<SessionOutcome.Item> outcomes = new ArrayList<>();
		List<Booking> confirmedItems = new ArrayList<>();
		savepoints.run(status -> {
			for (Booking item : current) {
				try {
					Booking confirmed = item.status() == BookingStatus.EXPIRED ? claimer.confirmLate(item, command)
							: transitions.save(item, item.confirm(), command);
					confirmedItems.add(confirmed);
					outcomes.add(new SessionOutcome.Item(confirmed.snapshot(settings.zone()), null));
				}
				catch (CommandRejected rejected) {
					outcomes.add(new SessionOutcome.Item(item.snapshot(settings.zone()), rejected.rejection()));
				}
			}
			if (outcomes.stream().anyMatch(outcome -> outcome.rejection() != null)) {
				status.setRollbackOnly();
			}
			return null;
		});
		if (outcomes.stream().allMatch(outcome -> outcome.rejection() == null)) {
			if (current.stream().anyMatch(item -> item.status() != BookingStatus.CONFIRMED)) {
				announceConfirmed(command, confirmedItems);
			}
			return sessionResult(command, outcomes, null);
		}
		List<SessionOutcome.Item> asTheyStand = new ArrayList<>();
		for (int i = 0; i < current.size(); i++) {
			asTheyStand.add(new SessionOutcome.Item(current.get(i).snapshot(settings.zone()), outcomes.get(i).rejection()));
		}
		return rejectedSession(command, asTheyStand, current.get(0).holdExpiresAt());
	}

	/**
	 * One event for the whole session besides each item's own, so that a payment service charges the session once, for its
	 * total, or takes its deposit once: the sum of what each item's own confirmation says.
	 */
	private void announceConfirmed(SessionCommand command, List<Booking> confirmed) {
		List<BookingSnapshot> items = confirmed.stream().map(item -> item.snapshot(settings.zone())).toList();
		events.add(new SessionConfirmed(UUID.randomUUID(), now(), command.requestId(), command.sessionId(),
				items.get(0).customerId(), items, sum(confirmed.stream().map(Booking::price).toList()),
				sum(confirmed.stream().map(Booking::deposit).toList())));
	}

	/** Null if any is: an item held before prices were recorded has neither a price nor a deposit. */
	private static Price sum(List<Price> amounts) {
		return amounts.stream().allMatch(Objects::nonNull) ? amounts.stream().reduce(Price::plus).orElseThrow() : null;
	}

	/** A rejected session command: each item in the way is announced as BookingRejected. */
	private CommandResult rejectedSession(SessionCommand command, List<SessionOutcome.Item> items, Instant expiresAt) {
		long rejected = items.stream().filter(item -> item.rejection() != null).count();
		SessionOutcome.Item first = items.stream().filter(item -> item.rejection() != null).findFirst().orElseThrow();
		Rejection rejection = new Rejection(first.rejection().reason(), rejected + " of " + items.size()
				+ " items could not be " + (command instanceof HoldSession ? "held" : "confirmed")
				+ ", so none was. First: " + first.rejection().detail());
		for (SessionOutcome.Item item : items) {
			if (item.rejection() != null) {
				events.add(new BookingRejected(UUID.randomUUID(), now(), command.requestId(), item.booking(),
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

	private Instant now() {
		return clock.instant();
	}
}
