package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.ZoneId;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.LeaveWaitlist;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.WaitlistCommand;
import com.spa.booking.schemas.WaitlistEntrySnapshot;
import com.spa.booking.schemas.WaitlistJoined;
import com.spa.booking.schemas.WaitlistLeft;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * Joining and leaving the waitlist, on the customer's partition (docs/waitlist.md). A rejection is the result's only:
 * no event, for nothing changed and no booking is concerned.
 */
@Component
class WaitlistCommandApplier {

	/** How often a leave decides again after losing its compare-and-set to a partition that offered the entry a time. */
	private static final int MAX_LEAVE_ATTEMPTS = 3;

	private final WaitlistEntries entries;

	private final Locks locks;

	private final CatalogLookups catalog;

	private final ScheduleLookups schedules;

	private final EventBuffer events;

	private final WorkerProperties properties;

	private final SharedSettings settings;

	private final SpaCalendar calendar;

	private final ZoneId zone;

	private final Clock clock;

	WaitlistCommandApplier(WaitlistEntries entries, Locks locks, CatalogLookups catalog, ScheduleLookups schedules,
			EventBuffer events, WorkerProperties properties, SharedSettings settings, Clock clock) {
		this.entries = entries;
		this.locks = locks;
		this.catalog = catalog;
		this.schedules = schedules;
		this.events = events;
		this.properties = properties;
		this.settings = settings;
		this.calendar = settings.calendar();
		this.zone = settings.zone();
		this.clock = clock;
	}

	CommandResult apply(WaitlistCommand command) {
		try {
			WaitlistEntry entry = command instanceof JoinWaitlist join ? join(join) : leave((LeaveWaitlist) command);
			return CommandResult.ofWaitlist(command, entry.snapshot(zone), null, clock.instant());
		}
		catch (CommandRejected rejected) {
			WaitlistEntrySnapshot asItStands = entries.find(command.entryId())
				.filter(entry -> entry.customerId().equals(command.customerId()))
				.map(entry -> entry.snapshot(zone))
				.orElse(null);
			return CommandResult.ofWaitlist(command, asItStands, rejected.rejection(), clock.instant());
		}
	}

	/**
	 * The checks of docs/waitlist.md, then the entry stored {@code WAITING}; the customer's open entries counted under
	 * their lock, as holds are, so that two joins on two gateways cannot both take the last place.
	 */
	private WaitlistEntry join(JoinWaitlist command) {
		if (catalog.treatment(command.serviceId()).isEmpty()) {
			throw CommandRejected.unknown("service", command.serviceId());
		}
		if (command.therapistId() != null) {
			if (locks.lockTherapist(command.therapistId()).isEmpty()) {
				throw CommandRejected.unknown("therapist", command.therapistId());
			}
			if (!schedules.isQualified(command.therapistId(), command.serviceId())) {
				throw new CommandRejected(RejectionReason.NOT_QUALIFIED, "Therapist " + command.therapistId()
						+ " does not perform service " + command.serviceId() + ".");
			}
		}
		requireWindow(command);
		if (!locks.lockCustomer(command.customerId())) {
			throw CommandRejected.unknown("customer", command.customerId());
		}
		int max = properties.waitlist().maxOpenEntriesPerCustomer();
		if (entries.openEntriesOf(command.customerId()) >= max) {
			throw new CommandRejected(RejectionReason.TOO_MANY_WAITLIST_ENTRIES,
					"A customer may be waiting for at most " + max + " times at once.");
		}
		WaitlistEntry joined = entries.insert(WaitlistEntry.joined(command))
			.orElseThrow(() -> new CommandRejected(RejectionReason.INVALID_COMMAND,
					"Waitlist entry " + command.entryId() + " exists already, for another request."));
		events.add(new WaitlistJoined(UUID.randomUUID(), clock.instant(), command.requestId(), joined.snapshot(zone)));
		return joined;
	}

	/** The window lies on its day in the spa's zone, is not over when asked, and opens within the booking horizon. */
	private void requireWindow(JoinWaitlist command) {
		if (!calendar.localDate(command.earliestStart()).equals(command.day())
				|| !calendar.localDate(command.latestStart()).equals(command.day())) {
			throw new CommandRejected(RejectionReason.INVALID_WAITLIST_WINDOW, "The window " + command.earliestStart()
					+ " to " + command.latestStart() + " does not lie on " + command.day() + " (" + zone + ").");
		}
		if (command.latestStart().isBefore(command.requestedAt())) {
			throw new CommandRejected(RejectionReason.INVALID_WAITLIST_WINDOW,
					"The window ended at " + command.latestStart() + ".");
		}
		if (command.earliestStart().isAfter(command.requestedAt().plus(settings.horizon()))) {
			throw new CommandRejected(RejectionReason.INVALID_WAITLIST_WINDOW, "Treatments can be booked at most "
					+ settings.horizon().toDays() + " days ahead.");
		}
	}

	/**
	 * {@code WAITING} to {@code LEFT} by compare-and-set: a partition that offers the entry a time at the same moment
	 * wins or loses the row, and the loser decides again from what it finds.
	 */
	private WaitlistEntry leave(LeaveWaitlist command) {
		for (int attempt = 1;; attempt++) {
			WaitlistEntry entry = entries.find(command.entryId())
				.filter(found -> found.customerId().equals(command.customerId()))
				.orElseThrow(() -> new CommandRejected(RejectionReason.WAITLIST_ENTRY_NOT_FOUND,
						"Customer " + command.customerId() + " has no waitlist entry " + command.entryId() + "."));
			WaitlistEntry left = entry.leave();
			if (left == entry) {
				return entry;
			}
			if (entries.write(entry, left, Booking.asStored(command.requestedAt()))) {
				events.add(new WaitlistLeft(UUID.randomUUID(), clock.instant(), command.requestId(), left.snapshot(zone)));
				return left;
			}
			if (attempt == MAX_LEAVE_ATTEMPTS) {
				// a retry of the whole command decides again
				throw new WaitlistEntryChangedMeanwhile(entry, left);
			}
		}
	}
}
