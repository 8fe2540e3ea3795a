package com.spa.booking.gateway.admin;

import java.math.BigDecimal;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.calendar.WorkingInterval;
import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.PlainText;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.support.SharedSettings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The front desk's and the manager's API: rooms, services, therapists and their skills, working hours, time off and
 * closures. Times of day are the spa's local time ({@code booking.zone}); instants are ISO-8601 with an offset.
 */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

	private final CatalogWrites changes;

	private final BookingPolicies policies;

	private final ScheduleEditor schedules;

	private final CatalogQueries catalog;

	private final SpaCalendar calendar;

	AdminController(CatalogWrites changes, ScheduleEditor schedules, CatalogQueries catalog, BookingPolicies policies,
			SharedSettings settings) {
		this.policies = policies;
		this.changes = changes;
		this.schedules = schedules;
		this.catalog = catalog;
		this.calendar = settings.calendar();
	}

	record NewRoom(@NotBlank @PlainText(max = 100) String name, @NotBlank @PlainText(max = 50) String roomType) {
	}

	@GetMapping("/booking-policy")
	PolicyTerms spaPolicy() {
		// the migration that made the table wrote the default, and the gateway may not delete it
		return policies.find(null).orElseThrow();
	}

	/** The spa's default: for every service without a policy of its own, from the next hold on. */
	@PutMapping("/booking-policy")
	PolicyTerms setSpaPolicy(@Valid @RequestBody PolicyTerms terms) {
		policies.save(null, terms);
		return terms;
	}

	@GetMapping("/services/{serviceId}/booking-policy")
	PolicyTerms servicePolicy(@PathVariable UUID serviceId) {
		requireService(serviceId);
		return policies.find(serviceId).orElseGet(this::spaPolicy);
	}

	/** The service's own policy, in place of the spa's default, from the next hold on. */
	@PutMapping("/services/{serviceId}/booking-policy")
	PolicyTerms setServicePolicy(@PathVariable UUID serviceId, @Valid @RequestBody PolicyTerms terms) {
		requireService(serviceId);
		policies.save(serviceId, terms);
		return terms;
	}

	@PostMapping("/rooms")
	ResponseEntity<CatalogWrites.Room> addRoom(@Valid @RequestBody NewRoom request) {
		var room = new CatalogWrites.Room(UUID.randomUUID(), request.name().strip(), request.roomType().strip());
		changes.addRoom(room);
		return ResponseEntity.created(URI.create("/api/v1/admin/rooms/" + room.roomId())).body(room);
	}

	@GetMapping("/rooms")
	List<CatalogWrites.Room> rooms() {
		return changes.rooms();
	}

	record NewService(@NotBlank @PlainText(max = 100) String name, @NotNull @Min(5) @Max(480) Integer durationMinutes,
			@NotNull @Min(0) @Max(120) Integer bufferMinutes, @NotNull @DecimalMin("0.00") @DecimalMax("99999.99") @Digits(integer = 5, fraction = 2) BigDecimal price,
			@PlainText(min = 1, max = 50) String roomType) {
	}

	@PostMapping("/services")
	ResponseEntity<CatalogQueries.SpaService> addService(@Valid @RequestBody NewService request) {
		UUID id = UUID.randomUUID();
		changes.addService(id, request.name().strip(), request.durationMinutes(), request.bufferMinutes(),
				request.price(), request.roomType());
		var service = new CatalogQueries.SpaService(id, request.name().strip(), request.durationMinutes(),
				request.bufferMinutes(), request.price(), request.roomType());
		return ResponseEntity.created(URI.create("/api/v1/services/" + id)).body(service);
	}

	record NewTherapist(@NotBlank @PlainText(max = 100) String name, @Size(max = 100) List<@NotNull UUID> serviceIds) {
	}

	record Skills(@NotNull @Size(max = 100) List<@NotNull UUID> serviceIds) {
	}

	@PostMapping("/therapists")
	ResponseEntity<CatalogQueries.Therapist> addTherapist(@Valid @RequestBody NewTherapist request) {
		UUID id = UUID.randomUUID();
		List<UUID> services = request.serviceIds() == null ? List.of() : request.serviceIds();
		requireServices(services);
		changes.addTherapist(id, request.name().strip(), services);
		return ResponseEntity.created(URI.create("/api/v1/therapists/" + id))
			.body(new CatalogQueries.Therapist(id, request.name().strip(), services));
	}

	@PutMapping("/therapists/{therapistId}/services")
	Skills changeSkills(@PathVariable UUID therapistId, @Valid @RequestBody Skills request) {
		if (!catalog.hasTherapist(therapistId)) {
			throw Problems.notFound("therapist", therapistId);
		}
		requireServices(request.serviceIds());
		changes.setSkills(therapistId, request.serviceIds());
		return request;
	}

	record Interval(@NotNull DayOfWeek day, @NotNull @JsonFormat(pattern = "HH:mm") LocalTime start,
			@NotNull @JsonFormat(pattern = "HH:mm") LocalTime end) {
	}

	/** @param intervals the whole week; an end of 00:00 means midnight at the end of the day */
	/** At most ten intervals a day. */
	record Week(@NotNull @Size(max = 70) List<@Valid @NotNull Interval> intervals) {
	}

	@GetMapping("/therapists/{therapistId}/working-hours")
	Week workingHours(@PathVariable UUID therapistId) {
		return new Week(schedules.week(therapistId)
			.stream()
			.map(interval -> new Interval(interval.day(), interval.start(), interval.end()))
			.toList());
	}

	@PutMapping("/therapists/{therapistId}/working-hours")
	Week changeWorkingHours(@PathVariable UUID therapistId, @Valid @RequestBody Week request) {
		List<WorkingInterval> week = new ArrayList<>();
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < request.intervals().size(); i++) {
			Interval interval = request.intervals().get(i);
			String field = "intervals[" + i + "]";
			try {
				WorkingInterval candidate = WorkingInterval.of(interval.day(), interval.start(), interval.end());
				week.stream().filter(candidate::overlaps).findFirst()
					.ifPresent(other -> errors.add(new FieldError(field, "overlaps another interval on " + other.day())));
				week.add(candidate);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError(field, "must end after it starts"));
			}
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		schedules.changeWeek(therapistId, week);
		return workingHours(therapistId);
	}

	/**
	 * Either {@code start} and {@code end} (instants), or {@code firstDay} and {@code lastDay} (whole local days,
	 * inclusive). Without a therapist, the whole spa is closed.
	 */
	record NewTimeOff(UUID therapistId, OffsetDateTime start, OffsetDateTime end, LocalDate firstDay,
			LocalDate lastDay, @PlainText(max = 200) String reason) {
	}

	record TimeOff(UUID timeOffId, UUID therapistId, java.time.Instant start, java.time.Instant end, String reason) {
	}

	@PostMapping("/time-off")
	ResponseEntity<TimeOff> addTimeOff(@Valid @RequestBody NewTimeOff request) {
		java.time.Instant start;
		java.time.Instant end;
		if (request.firstDay() != null || request.lastDay() != null) {
			if (request.firstDay() == null || request.lastDay() == null || request.lastDay().isBefore(request.firstDay())) {
				throw Problems.unprocessable(List.of(new FieldError("lastDay", "needs firstDay and must not be before it")));
			}
			// refused before it is reckoned with: the day after the last day there is would be a 500
			Instants.outOfRange("lastDay", request.lastDay()).ifPresent(tooLate -> {
				throw Problems.unprocessable(List.of(tooLate));
			});
			start = calendar.startOfDay(request.firstDay());
			end = calendar.startOfDay(request.lastDay().plusDays(1));
		}
		else {
			if (request.start() == null || request.end() == null || !request.end().isAfter(request.start())) {
				throw Problems.unprocessable(List.of(new FieldError("end", "needs start and must be after it")));
			}
			start = request.start().toInstant();
			end = request.end().toInstant();
		}
		List<FieldError> errors = new ArrayList<>();
		Instants.outOfRange(request.firstDay() != null ? "firstDay" : "start", start).ifPresent(errors::add);
		Instants.outOfRange(request.lastDay() != null ? "lastDay" : "end", end).ifPresent(errors::add);
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		UUID id = schedules.addTimeOff(request.therapistId(), start, end, request.reason());
		return ResponseEntity.created(URI.create("/api/v1/admin/time-off/" + id))
			.body(new TimeOff(id, request.therapistId(), start, end, request.reason()));
	}

	private void requireService(UUID serviceId) {
		if (!catalog.hasService(serviceId)) {
			throw Problems.notFound("service", serviceId);
		}
	}

	private void requireServices(List<UUID> services) {
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < services.size(); i++) {
			if (!catalog.hasService(services.get(i))) {
				errors.add(new FieldError("serviceIds[" + i + "]", "no such service"));
			}
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}
}
