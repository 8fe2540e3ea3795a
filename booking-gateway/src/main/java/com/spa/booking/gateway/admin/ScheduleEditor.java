package com.spa.booking.gateway.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.calendar.WorkingInterval;
import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.support.SharedSettings;

/**
 * Changes to when therapists work. A change never silently drops a booking: one that would leave an active (held or
 * confirmed) booking outside working hours, or inside time off, is rejected with the list of those bookings.
 */
@Service
class ScheduleEditor {

	private final ScheduleWrites changes;

	private final SpaCalendar calendar;

	private final CatalogQueries catalog;

	private final Clock clock;

	ScheduleEditor(ScheduleWrites changes, CatalogQueries catalog, SharedSettings settings, Clock clock) {
		this.changes = changes;
		this.catalog = catalog;
		this.calendar = settings.calendar();
		this.clock = clock;
	}

	@Transactional
	void changeWeek(UUID therapistId, List<WorkingInterval> week) {
		if (!changes.lockTherapist(therapistId)) {
			throw Problems.notFound("therapist", therapistId);
		}
		List<ScheduleWrites.ActiveBooking> outside = changes.activeBookings(therapistId, clock.instant())
			.stream()
			.filter(booking -> !calendar.withinWorkingHours(week, booking.start(), booking.blockedUntil()))
			.toList();
		if (!outside.isEmpty()) {
			throw conflict("The new hours would leave " + outside.size()
					+ " active booking(s) outside working hours. Move or cancel them first.", outside);
		}
		changes.replaceWeek(therapistId, week);
	}

	List<WorkingInterval> week(UUID therapistId) {
		if (!catalog.hasTherapist(therapistId)) {
			throw Problems.notFound("therapist", therapistId);
		}
		return changes.week(therapistId);
	}

	/** @param therapistId null for a closure of the whole spa */
	@Transactional
	UUID addTimeOff(UUID therapistId, Instant start, Instant end, String reason) {
		if (therapistId == null) {
			changes.lockAllTherapists();
		}
		else if (!changes.lockTherapist(therapistId)) {
			throw Problems.notFound("therapist", therapistId);
		}
		List<ScheduleWrites.ActiveBooking> inside = changes.activeBookings(therapistId, clock.instant())
			.stream()
			.filter(booking -> booking.start().isBefore(end) && booking.blockedUntil().isAfter(start))
			.toList();
		if (!inside.isEmpty()) {
			throw conflict("The time off overlaps " + inside.size() + " active booking(s). Move or cancel them first.",
					inside);
		}
		UUID id = UUID.randomUUID();
		changes.addTimeOff(id, therapistId, start, end, reason);
		return id;
	}

	private static ErrorResponseException conflict(String detail, List<ScheduleWrites.ActiveBooking> affected) {
		ProblemDetail problem = Problems.conflict("bookings-affected", "Bookings would be affected", detail).getBody();
		problem.setProperty("affectedBookings", affected);
		return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
	}
}
