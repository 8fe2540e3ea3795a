package com.spa.booking.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which starts one therapist has free on one local day for one service. It applies exactly the worker's rules for a
 * hold, through the same {@link SpaCalendar}, so that a start it reports is a start the worker accepts (unless someone
 * else takes it first) and a start it leaves out is one the worker rejects.
 *
 * @param treatment how long the treatment takes
 * @param buffer the cleanup after it: the therapist and the room stay busy, the customer does not
 */
public record Availability(SpaCalendar calendar, Duration treatment, Duration buffer) {

	/**
	 * What stands in the way on that day.
	 *
	 * @param week the therapist's working hours
	 * @param therapistBusy active bookings of the therapist, treatment plus buffer
	 * @param away the therapist's time off and the spa's closures
	 * @param roomsBusy per room of the needed type, its active bookings; null when the service needs no room
	 * @param customerBusy the customer's active treatments (without buffer); empty when no customer is given
	 */
	public record Obstacles(Collection<WorkingInterval> week, Collection<Span> therapistBusy, Collection<Span> away,
			List<? extends Collection<Span>> roomsBusy, Collection<Span> customerBusy) {

		public Obstacles {
			Objects.requireNonNull(week, "week");
			Objects.requireNonNull(therapistBusy, "therapistBusy");
			Objects.requireNonNull(away, "away");
			Objects.requireNonNull(customerBusy, "customerBusy");
		}
	}

	/** The free starts on {@code day}, in order, none before {@code notBefore}. */
	public List<Instant> freeStarts(LocalDate day, Obstacles obstacles, Instant notBefore) {
		List<Instant> starts = new ArrayList<>();
		Instant end = calendar.startOfDay(day.plusDays(1));
		for (Instant start = calendar.startOfDay(day); start.isBefore(end); start = start.plus(calendar.slot())) {
			if (!start.isBefore(notBefore) && calendar.onSlotGrid(start) && isFree(start, obstacles)) {
				starts.add(start);
			}
		}
		return starts;
	}

	public boolean isFree(Instant start, Obstacles obstacles) {
		Span treated = new Span(start, start.plus(treatment));
		Span blocked = new Span(start, start.plus(treatment).plus(buffer));
		return calendar.withinWorkingHours(obstacles.week(), blocked.start(), blocked.end())
				&& obstacles.away().stream().noneMatch(blocked::overlaps)
				&& obstacles.therapistBusy().stream().noneMatch(blocked::overlaps)
				&& obstacles.customerBusy().stream().noneMatch(treated::overlaps)
				&& (obstacles.roomsBusy() == null
						|| obstacles.roomsBusy().stream().anyMatch(room -> room.stream().noneMatch(blocked::overlaps)));
	}
}
