package com.spa.booking.gateway.booking;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.request.AnswerShape;
import com.spa.booking.gateway.request.CommandResponder;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.WaitPreference;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Instants;
import com.spa.booking.gateway.web.PlainText;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.gateway.web.Problems;
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

	/** A booking command's success shows the booking; a new one is found at its own URI. */
	private static final AnswerShape<BookingCommand, BookingView> BOOKING = AnswerShape.of(
			result -> BookingView.of(result.booking()), booking -> URI.create("/api/v1/bookings/" + booking.bookingId()));

	private final CommandResponder responder;

	private final BookingViews bookings;

	private final BookingCommandFactory commands;

	private final GatewayProperties.ListingLimits listing;

	BookingController(CommandResponder responder, BookingViews bookings, BookingCommandFactory commands,
			GatewayProperties properties) {
		this.responder = responder;
		this.bookings = bookings;
		this.commands = commands;
		this.listing = properties.listing();
	}

	record HoldRequest(@NotNull UUID customerId, @NotNull UUID therapistId, @NotNull UUID serviceId,
			@NotNull OffsetDateTime start) {
	}

	@PostMapping
	CompletableFuture<ResponseEntity<Object>> hold(@Valid @RequestBody HoldRequest request, Caller caller,
			WaitPreference wait, IdempotencyKey key) {
		return responder.submit(commands.hold(caller, request.customerId(), request.therapistId(), request.serviceId(),
				request.start().toInstant()), caller, wait, key, BOOKING);
	}

	@PostMapping("/{bookingId}/confirm")
	CompletableFuture<ResponseEntity<Object>> confirm(@PathVariable UUID bookingId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.confirm(caller, bookingId), caller, wait, key, BOOKING);
	}

	@PostMapping("/{bookingId}/cancel")
	CompletableFuture<ResponseEntity<Object>> cancel(@PathVariable UUID bookingId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.cancel(caller, bookingId), caller, wait, key, BOOKING);
	}

	/**
	 * @param therapistId to move to another therapist; absent to keep the same one
	 * @param reason why the front desk moves it inside the reschedule window, where one is required
	 */
	record RescheduleRequest(@NotNull OffsetDateTime start, UUID therapistId, @PlainText(max = 500) String reason) {
	}

	/** Moves a confirmed booking as one step: it either has the new time, or keeps the old one untouched. */
	@PostMapping("/{bookingId}/reschedule")
	CompletableFuture<ResponseEntity<Object>> reschedule(@PathVariable UUID bookingId,
			@Valid @RequestBody RescheduleRequest request, Caller caller, WaitPreference wait, IdempotencyKey key) {
		return responder.submit(commands.reschedule(caller, bookingId, request.start().toInstant(), request.therapistId(),
				request.reason()), caller, wait, key, BOOKING);
	}

	/** The front desk's, from the booking's start on: the treatment took place. */
	@PostMapping("/{bookingId}/complete")
	CompletableFuture<ResponseEntity<Object>> complete(@PathVariable UUID bookingId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.complete(caller, bookingId), caller, wait, key, BOOKING);
	}

	/** The front desk's, from the booking's start on: the customer did not come (the policy's fee is charged). */
	@PostMapping("/{bookingId}/no-show")
	CompletableFuture<ResponseEntity<Object>> noShow(@PathVariable UUID bookingId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.noShow(caller, bookingId), caller, wait, key, BOOKING);
	}

	@GetMapping("/{bookingId}")
	BookingView booking(@PathVariable UUID bookingId, Caller caller) {
		return commands.visible(bookingId, caller);
	}

	@GetMapping
	Listing<BookingView> bookings(@RequestParam UUID therapistId, @RequestParam OffsetDateTime from,
			@RequestParam OffsetDateTime to, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = Keyset.limit(limit, listing);
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
		return Keyset.listing(bookings.overlapping(therapistId, from.toInstant(), to.toInstant(), after, size + 1), size);
	}
}
