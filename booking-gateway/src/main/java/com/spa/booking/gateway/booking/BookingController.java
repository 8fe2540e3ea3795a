package com.spa.booking.gateway.booking;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.request.BookingRequests;
import com.spa.booking.gateway.request.RequestState;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.schemas.BookingCommand;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Booking requests are asynchronous: each becomes a command on the therapist's partition and is answered {@code 202}
 * with the request's location, or, with {@code Prefer: wait=N}, with the outcome as soon as the worker has it.
 */
@RestController
@RequestMapping("/api/v1/bookings")
class BookingController {

	private static final Duration LONGEST_LISTING = Duration.ofDays(92);

	private final BookingRequests requests;

	private final BookingViews bookings;

	private final BookingChanges changes;

	private final Duration maxWait;

	private final GatewayProperties.Pages pages;

	BookingController(BookingRequests requests, BookingViews bookings, BookingChanges changes,
			GatewayProperties properties) {
		this.requests = requests;
		this.bookings = bookings;
		this.changes = changes;
		this.maxWait = properties.gateway().maxWait();
		this.pages = properties.pages();
	}

	record HoldRequest(@NotNull UUID customerId, @NotNull UUID therapistId, @NotNull UUID serviceId,
			@NotNull OffsetDateTime start) {
	}

	@PostMapping
	CompletableFuture<ResponseEntity<Object>> hold(@Valid @RequestBody HoldRequest request, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		return submit(changes.hold(caller, request.customerId(), request.therapistId(), request.serviceId(),
				request.start().toInstant()), caller, idempotencyKey, prefer);
	}

	@PostMapping("/{bookingId}/confirm")
	CompletableFuture<ResponseEntity<Object>> confirm(@PathVariable UUID bookingId, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		return submit(changes.confirm(caller, bookingId), caller, idempotencyKey, prefer);
	}

	@PostMapping("/{bookingId}/cancel")
	CompletableFuture<ResponseEntity<Object>> cancel(@PathVariable UUID bookingId, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		return submit(changes.cancel(caller, bookingId), caller, idempotencyKey, prefer);
	}

	/** @param therapistId to move to another therapist; absent to keep the same one */
	record RescheduleRequest(@NotNull OffsetDateTime start, UUID therapistId) {
	}

	/** Moves a confirmed booking as one step: it either has the new time, or keeps the old one untouched. */
	@PostMapping("/{bookingId}/reschedule")
	CompletableFuture<ResponseEntity<Object>> reschedule(@PathVariable UUID bookingId,
			@Valid @RequestBody RescheduleRequest request, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		return submit(changes.reschedule(caller, bookingId, request.start().toInstant(), request.therapistId()), caller,
				idempotencyKey, prefer);
	}

	@GetMapping("/{bookingId}")
	BookingView booking(@PathVariable UUID bookingId, Caller caller) {
		return changes.visible(bookingId, caller);
	}

	@GetMapping
	Page<BookingView> bookings(@RequestParam UUID therapistId, @RequestParam OffsetDateTime from,
			@RequestParam OffsetDateTime to, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = Keyset.limit(limit, pages);
		Keyset after = Keyset.after(cursor);
		List<FieldError> errors = new ArrayList<>();
		Instants.outOfRange("from", from.toInstant()).ifPresent(errors::add);
		Instants.outOfRange("to", to.toInstant()).ifPresent(errors::add);
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		if (!to.isAfter(from)) {
			throw Problems.unprocessable(List.of(new FieldError("to", "must be after from")));
		}
		if (Duration.between(from, to).compareTo(LONGEST_LISTING) > 0) {
			throw Problems.unprocessable(List.of(new FieldError("to", "must be at most 92 days after from")));
		}
		return Keyset.page(bookings.overlapping(therapistId, from.toInstant(), to.toInstant(), after, size + 1), size);
	}

	private CompletableFuture<ResponseEntity<Object>> submit(BookingCommand command, Caller caller,
			String idempotencyKey, String prefer) {
		Duration wait = Prefer.waitOf(prefer, maxWait);
		return requests.submit(command, caller, command.fingerprint(), blankToNull(idempotencyKey), wait)
			.thenApply(state -> Prefer.applied(answer(state), wait));
	}

	private ResponseEntity<Object> answer(RequestState state) {
		return switch (state.status()) {
			case PENDING -> ResponseEntity.accepted()
				.location(URI.create("/api/v1/requests/" + state.requestId()))
				.body(Map.of("requestId", state.requestId(), "status", state.status()));
			case SUCCEEDED -> {
				BookingView booking = BookingView.of(state.result().booking());
				yield "PlaceHold".equals(state.commandType())
						? ResponseEntity.created(URI.create("/api/v1/bookings/" + booking.bookingId())).body(booking)
						: ResponseEntity.ok(booking);
			}
			case REJECTED, FAILED -> {
				var problem = state.problem();
				yield ResponseEntity.status(HttpStatus.valueOf(problem.getStatus())).body(problem);
			}
		};
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
