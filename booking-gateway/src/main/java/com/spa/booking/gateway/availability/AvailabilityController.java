package com.spa.booking.gateway.availability;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.support.SharedSettings;

@RestController
class AvailabilityController {

	private final AvailabilityCalculator availabilities;

	private final ZoneId zone;

	AvailabilityController(AvailabilityCalculator availabilities, SharedSettings settings) {
		this.availabilities = availabilities;
		this.zone = settings.zone();
	}

	record TherapistStarts(UUID therapistId, String name, List<OffsetDateTime> starts) {
	}

	/** @param starts local times with the spa's offset of that moment, ready to show */
	record Day(UUID serviceId, LocalDate date, String zone, List<TherapistStarts> therapists) {
	}

	/**
	 * The bookable starts of a local day, per qualified therapist.
	 *
	 * @param customerId leaves out the times that customer is busy
	 * @param bookingId a booking about to be moved: its own time counts as free for it
	 */
	@GetMapping("/api/v1/availability")
	Day availability(@RequestParam UUID serviceId, @RequestParam LocalDate date,
			@RequestParam(required = false) UUID therapistId, @RequestParam(required = false) UUID customerId,
			@RequestParam(required = false) UUID bookingId, Caller caller) {
		if (customerId != null) {
			// a customer's own bookings shape what is free for them: theirs to ask, and the front desk's
			caller.requireMayActFor(customerId);
		}
		if (bookingId != null && !availabilities.customerOf(bookingId).filter(caller::mayActFor).isPresent()) {
			// another customer's booking is not found: whether it exists is not the caller's to know
			throw Problems.notFound("booking", bookingId);
		}
		Instants.outOfRange("date", date).ifPresent(error -> {
			throw Problems.unprocessable(List.of(error));
		});
		List<AvailabilityCalculator.TherapistDay> days = availabilities.freeStarts(serviceId, date, therapistId, customerId,
				bookingId)
			.orElseThrow(() -> Problems.unprocessable(List.of(new Problems.FieldError("serviceId", "no such service"))));
		return new Day(serviceId, date, zone.getId(), days.stream()
			.map(day -> new TherapistStarts(day.therapistId(), day.name(),
					day.starts().stream().map(start -> start.atZone(zone).toOffsetDateTime()).toList()))
			.toList());
	}
}
