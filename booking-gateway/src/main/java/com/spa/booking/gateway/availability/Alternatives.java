package com.spa.booking.gateway.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.RejectionReason;

/**
 * What to offer instead of a refused hold: the same start with other qualified therapists, then the nearest free starts
 * with the same therapist that day, at most {@value #MAX} in all. Worked out when the refusal is shown, so it reflects
 * the calendar as it is then.
 */
@Component
public class Alternatives {

	static final int MAX = 5;

	/** Refusals that another time or therapist cannot cure. */
	private static final Set<RejectionReason> NO_ALTERNATIVES = Set.of(RejectionReason.UNKNOWN_REFERENCE,
			RejectionReason.CONFLICTING_BOOKING_ID, RejectionReason.TOO_MANY_HOLDS);

	private final Availabilities availabilities;

	private final ZoneId zone;

	Alternatives(Availabilities availabilities, GatewayProperties properties) {
		this.availabilities = availabilities;
		this.zone = properties.zone();
	}

	public record Alternative(UUID therapistId, OffsetDateTime start) {
	}

	/** Adds {@code alternatives} to the problem of a refused hold. */
	public ProblemDetail addTo(ProblemDetail problem, CommandResult result) {
		if ("PlaceHold".equals(result.commandType()) && result.rejection() != null
				&& !NO_ALTERNATIVES.contains(result.rejection().reason()) && result.booking() != null
				&& result.booking().start() != null) {
			problem.setProperty("alternatives", of(result.booking()));
		}
		return problem;
	}

	/** Alternatives to a wanted booking (therapist, service, start and customer). */
	public List<Alternative> of(BookingSnapshot wanted) {
		Instant start = wanted.start();
		Map<UUID, List<Instant>> free = availabilities.byTherapist(wanted.serviceId(), availabilities.localDate(start),
				wanted.customerId());
		List<Alternative> alternatives = new ArrayList<>();
		free.forEach((therapist, starts) -> {
			if (!therapist.equals(wanted.therapistId()) && starts.contains(start)) {
				alternatives.add(new Alternative(therapist, start.atZone(zone).toOffsetDateTime()));
			}
		});
		free.getOrDefault(wanted.therapistId(), List.of())
			.stream()
			.sorted(Comparator.comparing((Instant other) -> Duration.between(start, other).abs()).thenComparing(other -> other))
			.map(other -> new Alternative(wanted.therapistId(), other.atZone(zone).toOffsetDateTime()))
			.forEach(alternatives::add);
		return alternatives.stream().limit(MAX).toList();
	}
}
