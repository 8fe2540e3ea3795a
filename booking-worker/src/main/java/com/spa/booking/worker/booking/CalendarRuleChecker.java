package com.spa.booking.worker.booking;

import java.time.Instant;

import org.springframework.stereotype.Component;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.support.SharedSettings;

/**
 * The rules for a booking's time that need no other booking: within the horizon, a qualified therapist, on the slot
 * grid, inside working hours, clear of time off and closures. The first rule broken names the rejection.
 */
@Component
class CalendarRuleChecker {

	private final ScheduleLookups schedules;

	private final SharedSettings settings;

	private final SpaCalendar calendar;

	CalendarRuleChecker(ScheduleLookups schedules, SharedSettings settings) {
		this.schedules = schedules;
		this.settings = settings;
		this.calendar = settings.calendar();
	}

	/** Neither in the past nor further ahead than the spa books. */
	void requireWithinHorizon(Instant start, BookingCommand command) {
		if (start.isBefore(command.requestedAt())) {
			throw new CommandRejected(RejectionReason.START_IN_PAST, "The start " + start + " has passed.");
		}
		if (start.isAfter(command.requestedAt().plus(settings.horizon()))) {
			throw new CommandRejected(RejectionReason.BEYOND_HORIZON, "Treatments can be booked at most "
					+ settings.horizon().toDays() + " days ahead.");
		}
	}

	/** Qualification, slot grid, working hours, time off and closures; the therapist must be locked and exist. */
	void check(Booking booking, Treatment treatment) {
		if (!schedules.isQualified(booking.therapistId(), booking.serviceId())) {
			throw new CommandRejected(RejectionReason.NOT_QUALIFIED,
					"Therapist " + booking.therapistId() + " does not perform service " + booking.serviceId() + ".");
		}
		if (!calendar.onSlotGrid(booking.start())) {
			throw new CommandRejected(RejectionReason.NOT_ON_SLOT_GRID, "Treatments start every "
					+ settings.slotMinutes() + " minutes, local time (" + calendar.zone() + ").");
		}
		if (!calendar.withinWorkingHours(schedules.week(booking.therapistId()), booking.start(), booking.blockedUntil())) {
			throw new CommandRejected(RejectionReason.OUTSIDE_WORKING_HOURS, "The treatment with its "
					+ treatment.bufferAfter().toMinutes() + " minutes of cleanup does not fit into the therapist's hours.");
		}
		schedules.away(booking.therapistId(), booking.start(), booking.blockedUntil()).ifPresent(reason -> {
			throw new CommandRejected(reason, reason == RejectionReason.SPA_CLOSED ? "The spa is closed then."
					: "The therapist is not working then.");
		});
	}
}
