package com.spa.booking.gateway.waitlist;

import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.request.AnswerShape;
import com.spa.booking.gateway.request.CommandResponder;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.WaitPreference;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.WaitlistCommand;
import com.spa.booking.support.SharedSettings;

/**
 * The waitlist (docs/waitlist.md): joining and leaving are commands, answered as every command is ({@code 202} with
 * the request to poll, or with {@code Prefer: wait=N} the entry once the worker has decided); the entries are read from
 * the worker's read contract.
 */
@RestController
class WaitlistController {

	private final CommandResponder responder;

	private final WaitlistCommandFactory commands;

	private final WaitlistViews entries;

	private final CatalogQueries catalog;

	private final ZoneId zone;

	/**
	 * A join shows the new entry; a leave the entry as it is now: left, or, for one that had been offered a time and so
	 * was left by cancelling that hold, declined (the worker changed both in one transaction, committed before it
	 * answered).
	 */
	private final AnswerShape<BookingCommand, WaitlistEntryView> entry;

	WaitlistController(CommandResponder responder, WaitlistCommandFactory commands, WaitlistViews entries,
			CatalogQueries catalog, SharedSettings settings) {
		this.responder = responder;
		this.commands = commands;
		this.entries = entries;
		this.catalog = catalog;
		this.zone = settings.zone();
		this.entry = new AnswerShape<>() {

			@Override
			public WaitlistEntryView view(CommandResult succeeded) {
				if (succeeded.waitlist() != null) {
					return WaitlistEntryView.of(succeeded.waitlist(), zone);
				}
				UUID booking = succeeded.bookingId();
				return entries.offeredWith(booking).orElseThrow(() -> Problems.notFound("waitlist entry for booking", booking));
			}

			@Override
			public URI location(WaitlistEntryView view) {
				return URI.create("/api/v1/waitlist/" + view.entryId());
			}

			@Override
			public Map<String, Object> pendingMembers(BookingCommand command) {
				return command instanceof WaitlistCommand waitlist ? Map.of("entryId", waitlist.entryId()) : Map.of();
			}
		};
	}

	/**
	 * @param therapistId the therapist asked for; absent for any qualified one
	 * @param earliest the earliest start accepted, in the spa's local time
	 * @param latest the latest start accepted, in the spa's local time
	 */
	record JoinRequest(@NotNull UUID customerId, @NotNull UUID serviceId, UUID therapistId, @NotNull LocalDate day,
			@NotNull LocalTime earliest, @NotNull LocalTime latest) {
	}

	@PostMapping("/api/v1/waitlist")
	CompletableFuture<ResponseEntity<Object>> join(@Valid @RequestBody JoinRequest request, Caller caller,
			WaitPreference wait, IdempotencyKey key) {
		JoinWaitlist join = commands.join(caller, request.customerId(), request.serviceId(), request.therapistId(),
				request.day(), request.earliest(), request.latest());
		return responder.submit(join, caller, wait, key, entry);
	}

	/** Leaves a waiting entry; an offered one is declined (its hold cancelled, the time passed on). */
	@PostMapping("/api/v1/waitlist/{entryId}/leave")
	CompletableFuture<ResponseEntity<Object>> leave(@PathVariable UUID entryId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.leave(caller, entryId), caller, wait, key, entry);
	}

	@GetMapping("/api/v1/waitlist/{entryId}")
	WaitlistEntryView entry(@PathVariable UUID entryId, Caller caller) {
		return commands.visible(entryId, caller);
	}

	/** The front desk's: the day's line, every status, in the order it is offered times. */
	@GetMapping("/api/v1/waitlist")
	List<WaitlistEntryView> day(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
		return entries.ofDay(day);
	}

	/** Another customer's entries are not found: whether that customer exists is not the caller's to know. */
	@GetMapping("/api/v1/customers/{customerId}/waitlist")
	List<WaitlistEntryView> ofCustomer(@PathVariable UUID customerId, Caller caller) {
		if (!caller.mayListFor(customerId) || !catalog.hasCustomer(customerId)) {
			throw Problems.notFound("customer", customerId);
		}
		return entries.ofCustomer(customerId);
	}
}
