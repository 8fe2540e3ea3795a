package com.spa.booking.gateway.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.support.SharedSettings;

/**
 * What to offer instead of a rejected hold: the same start with other qualified therapists, then the nearest free starts
 * with the same therapist that day, at most {@value #MAX} in all. Worked out once, when the rejection is first shown, and
 * kept with the request: whoever reads the rejection later is offered the same.
 */
@Component
public class AlternativeFinder {

	static final int MAX = 5;

	/** Rejections that another time or therapist cannot cure. */
	private static final Set<RejectionReason> NO_ALTERNATIVES = Set.of(RejectionReason.UNKNOWN_REFERENCE,
			RejectionReason.CONFLICTING_BOOKING_ID, RejectionReason.TOO_MANY_HOLDS,
			RejectionReason.TOO_MANY_BOOKINGS);

	private final AvailabilityCalculator availabilities;

	private final ZoneId zone;

	AlternativeFinder(AvailabilityCalculator availabilities, SharedSettings settings) {
		this.availabilities = availabilities;
		this.zone = settings.zone();
	}

	/** @param therapistName to show the customer who it would be */
	public record Alternative(UUID therapistId, String therapistName, OffsetDateTime start) {
	}

	/**
	 * What to offer instead of each booking that a rejected hold or session asked for and did not get, by booking ID; empty
	 * if nothing is to be offered (not a rejected hold, or a rejection another time or therapist cannot cure).
	 */
	public Map<UUID, List<Alternative>> offeredFor(CommandResult result, BookingCommand command) {
		if (command instanceof RescheduleBooking move) {
			if (!isRejectedReschedule(result) || NO_ALTERNATIVES.contains(result.rejection().reason())
					|| result.booking() == null || result.booking().serviceId() == null) {
				return Map.of();
			}
			// where the booking was asked to go, and its own time no obstacle to it
			BookingSnapshot booking = result.booking();
			BookingSnapshot wanted = new BookingSnapshot(move.bookingId(), booking.customerId(), move.newTherapistId(),
					booking.serviceId(), move.newStart(), null, null, null, null, null);
			return Map.of(move.bookingId(), of(wanted, move.bookingId()));
		}
		return offeredFor(result);
	}

	/** Whether the result is a rejected move of a booking: another time or therapist may be offered for it too. */
	public static boolean isRejectedReschedule(CommandResult result) {
		return result.rejection() != null && result.outcome() == Outcome.REJECTED
				&& "RescheduleBooking".equals(result.commandType());
	}

	private Map<UUID, List<Alternative>> offeredFor(CommandResult result) {
		if (!isRejectedHold(result)) {
			return Map.of();
		}
		Map<UUID, List<Alternative>> offered = new LinkedHashMap<>();
		if (result.session() != null) {
			result.session().items().stream()
				.filter(item -> item.rejection() != null && !NO_ALTERNATIVES.contains(item.rejection().reason()))
				.filter(item -> item.booking().start() != null && item.booking().status() == null)
				.forEach(item -> offered.put(item.booking().bookingId(), of(item.booking())));
		}
		else if (!NO_ALTERNATIVES.contains(result.rejection().reason()) && result.booking() != null
				&& result.booking().start() != null) {
			offered.put(result.booking().bookingId(), of(result.booking()));
		}
		return offered;
	}

	/** Whether the result is a rejected hold or session, the only rejections that something else is offered for. */
	public static boolean isRejectedHold(CommandResult result) {
		return result.rejection() != null && result.outcome() == Outcome.REJECTED
				&& ("PlaceHold".equals(result.commandType()) || "HoldSession".equals(result.commandType()));
	}

	/** AlternativeFinder to a wanted booking (therapist, service, start and customer). */
	public List<Alternative> of(BookingSnapshot wanted) {
		return of(wanted, null);
	}

	private List<Alternative> of(BookingSnapshot wanted, UUID moving) {
		Instant start = wanted.start();
		List<AvailabilityCalculator.TherapistDay> free = availabilities
			.freeStarts(wanted.serviceId(), availabilities.localDate(start), null, wanted.customerId(), moving)
			.orElse(List.of());
		List<Alternative> alternatives = new ArrayList<>();
		free.forEach(therapist -> {
			if (!therapist.therapistId().equals(wanted.therapistId()) && therapist.starts().contains(start)) {
				alternatives.add(new Alternative(therapist.therapistId(), therapist.name(), start.atZone(zone).toOffsetDateTime()));
			}
		});
		free.stream().filter(therapist -> therapist.therapistId().equals(wanted.therapistId())).findFirst()
			.ifPresent(same -> same.starts()
				.stream()
				.sorted(Comparator.comparing((Instant other) -> Duration.between(start, other).abs())
					.thenComparing(other -> other))
				.map(other -> new Alternative(same.therapistId(), same.name(), other.atZone(zone).toOffsetDateTime()))
				.forEach(alternatives::add));
		return alternatives.stream().limit(MAX).toList();
	}
}
