package com.spa.booking.gateway.availability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.spa.booking.calendar.Availability;
import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.calendar.Span;
import com.spa.booking.calendar.WorkingInterval;
import com.spa.booking.support.SharedSettings;

/**
 * The bookable starts of a day, per qualified therapist, by the worker's own rules (see {@link Availability}). One
 * snapshot of the database per question, so the answer is consistent in itself.
 */
@Service
public class AvailabilityCalculator {

	private final CalendarQueries queries;

	private final SpaCalendar calendar;

	private final Duration holdGrace;

	private final Clock clock;

	AvailabilityCalculator(CalendarQueries queries, SharedSettings settings, Clock clock) {
		this.queries = queries;
		this.calendar = settings.calendar();
		this.holdGrace = settings.holdGrace();
		this.clock = clock;
	}

	public record TherapistDay(UUID therapistId, String name, List<Instant> starts) {
	}

	/**
	 * @param therapistId only this therapist, or null for every qualified one
	 * @param customerId leaves out starts at which this customer is busy; may be null
	 * @return empty if there is no such service
	 */
	@Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
	public Optional<List<TherapistDay>> freeStarts(UUID serviceId, LocalDate day, UUID therapistId, UUID customerId) {
		return freeStarts(serviceId, day, therapistId, customerId, null);
	}

	/** @param moving a booking being moved: its own time counts as free for it; may be null */
	public Optional<List<TherapistDay>> freeStarts(UUID serviceId, LocalDate day, UUID therapistId, UUID customerId,
			UUID moving) {
		Optional<CalendarQueries.ServiceSpec> found = queries.service(serviceId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		CalendarQueries.ServiceSpec service = found.get();
		List<CalendarQueries.Therapist> therapists = queries.qualifiedTherapists(serviceId)
			.stream()
			.filter(therapist -> therapistId == null || therapist.therapistId().equals(therapistId))
			.toList();
		if (therapists.isEmpty()) {
			return Optional.of(List.of());
		}
		Instant now = clock.instant();
		// bookings of the day before may reach into this one, and this day's last treatment into the next
		Span window = new Span(calendar.startOfDay(day.minusDays(1)), calendar.startOfDay(day.plusDays(2)));
		List<UUID> ids = therapists.stream().map(CalendarQueries.Therapist::therapistId).toList();
		Map<UUID, List<WorkingInterval>> weeks = queries.shifts(ids)
			.stream()
			.collect(Collectors.groupingBy(CalendarQueries.Shift::therapistId,
					Collectors.mapping(CalendarQueries.Shift::interval, Collectors.toList())));
		List<CalendarQueries.Busy> busy = queries.busy(window, ids, customerId, service.roomType(), now.minus(holdGrace),
				moving);
		List<CalendarQueries.Away> away = queries.away(window, ids);
		List<UUID> rooms = service.roomType() == null ? null : queries.rooms(service.roomType());
		Availability availability = new Availability(calendar, service.duration(), service.buffer());

		return Optional.of(therapists.stream().map(therapist -> {
			UUID id = therapist.therapistId();
			// a hold for this therapist expires the run-out holds in its way that this therapist's partition writes
			List<CalendarQueries.Busy> blocking = busy.stream()
				.filter(booking -> !(booking.runOut() && booking.therapistId().equals(id) && booking.owner().equals(id)))
				.toList();
			var obstacles = new Availability.Obstacles(weeks.getOrDefault(id, List.of()),
					blocking.stream().filter(b -> b.therapistId().equals(id)).map(CalendarQueries.Busy::blocked).toList(),
					away.stream().filter(a -> a.therapistId() == null || a.therapistId().equals(id))
						.map(CalendarQueries.Away::span).toList(),
					rooms == null ? null : rooms.stream()
						.map(room -> blocking.stream().filter(b -> room.equals(b.roomId()))
							.map(CalendarQueries.Busy::blocked).toList())
						.toList(),
					blocking.stream().filter(b -> customerId != null && Objects.equals(b.customerId(), customerId))
						.map(CalendarQueries.Busy::treatment).toList());
			return new TherapistDay(id, therapist.name(), availability.freeStarts(day, obstacles, now));
		}).toList());
	}

	/** Whose booking it is, if there is one. */
	public Optional<UUID> customerOf(UUID bookingId) {
		return queries.customerOf(bookingId);
	}

	/** The local day an instant falls on in the spa. */
	public LocalDate localDate(Instant instant) {
		return calendar.localDate(instant);
	}
}
