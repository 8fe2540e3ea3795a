package com.spa.booking.gateway.session;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.booking.BookingView;
import com.spa.booking.gateway.booking.Prefer;
import com.spa.booking.gateway.request.BookingRequests;
import com.spa.booking.gateway.request.RequestState;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.SessionCommand;
import com.spa.booking.schemas.SessionOutcome;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Sessions: several treatments (different services, therapists and times, two therapists at once for a couples
 * treatment) held, confirmed or cancelled together, all or nothing. Same asynchronous pattern as single bookings.
 */
@RestController
@RequestMapping("/api/v1/booking-sessions")
class SessionController {

	private final BookingRequests requests;

	private final SessionChanges changes;

	private final Duration maxWait;

	SessionController(BookingRequests requests, SessionChanges changes, GatewayProperties properties) {
		this.requests = requests;
		this.changes = changes;
		this.maxWait = properties.gateway().maxWait();
	}

	record Item(@NotNull UUID therapistId, @NotNull UUID serviceId, @NotNull OffsetDateTime start) {
	}

	record NewSession(@NotNull UUID customerId, @NotEmpty @Size(max = 10) List<@Valid @NotNull Item> items) {
	}

	/** A session as it stands; {@code status} is the items' common status, or MIXED. */
	record SessionView(UUID sessionId, UUID customerId, String status, Instant holdExpiresAt, List<BookingView> items) {

		static SessionView of(UUID sessionId, List<BookingView> items) {
			String status = items.stream().map(item -> item.status().name()).distinct().count() == 1
					? items.get(0).status().name() : "MIXED";
			return new SessionView(sessionId, items.get(0).customerId(), status, items.get(0).holdExpiresAt(), items);
		}
	}

	@PostMapping
	CompletableFuture<ResponseEntity<Object>> hold(@Valid @RequestBody NewSession request, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		var wanted = request.items().stream()
			.map(item -> new SessionChanges.Wanted(item.therapistId(), item.serviceId(), item.start().toInstant()))
			.toList();
		return submit(changes.hold(caller, request.customerId(), wanted), caller, idempotencyKey, prefer);
	}

	@PostMapping("/{sessionId}/confirm")
	CompletableFuture<ResponseEntity<Object>> confirm(@PathVariable UUID sessionId, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		return submit(changes.confirm(caller, sessionId), caller, idempotencyKey, prefer);
	}

	@PostMapping("/{sessionId}/cancel")
	CompletableFuture<ResponseEntity<Object>> cancel(@PathVariable UUID sessionId, Caller caller,
			@RequestHeader(name = "Prefer", required = false) String prefer,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		return submit(changes.cancel(caller, sessionId), caller, idempotencyKey, prefer);
	}

	@GetMapping("/{sessionId}")
	SessionView session(@PathVariable UUID sessionId, Caller caller) {
		return SessionView.of(sessionId, changes.visible(sessionId, caller));
	}

	private CompletableFuture<ResponseEntity<Object>> submit(SessionCommand command, Caller caller,
			String idempotencyKey, String prefer) {
		String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
		Duration wait = Prefer.waitOf(prefer, maxWait);
		return requests.submit(command, caller, command.fingerprint(), key, wait)
			.thenApply(state -> Prefer.applied(answer(command, state), wait));
	}

	private ResponseEntity<Object> answer(SessionCommand command, RequestState state) {
		return switch (state.status()) {
			case PENDING -> ResponseEntity.accepted()
				.location(URI.create("/api/v1/requests/" + state.requestId()))
				.body(Map.of("requestId", state.requestId(), "sessionId", command.sessionId(), "status", state.status()));
			case SUCCEEDED -> {
				SessionOutcome session = state.result().session();
				SessionView view = SessionView.of(session.sessionId(),
						session.items().stream().map(item -> BookingView.of(item.booking())).toList());
				yield command instanceof HoldSession
						? ResponseEntity.created(URI.create("/api/v1/booking-sessions/" + session.sessionId())).body(view)
						: ResponseEntity.ok(view);
			}
			case REJECTED, FAILED -> {
				ProblemDetail problem = withItems(state.problem(), state);
				yield ResponseEntity.status(HttpStatus.valueOf(problem.getStatus())).body(problem);
			}
		};
	}

	/** Each item's outcome, and for each item in the way, what is offered instead. */
	private static ProblemDetail withItems(ProblemDetail problem, RequestState state) {
		SessionOutcome session = state.result() == null ? null : state.result().session();
		if (session == null) {
			return problem;
		}
		problem.setProperty("sessionId", session.sessionId());
		problem.setProperty("items", session.items().stream().map(item -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("bookingId", item.booking().bookingId());
			view.put("therapistId", item.booking().therapistId());
			view.put("serviceId", item.booking().serviceId());
			view.put("start", item.booking().start());
			view.put("status", item.booking().status());
			if (item.rejection() != null) {
				view.put("reason", item.rejection().reason());
				view.put("detail", item.rejection().detail());
				if (state.alternativesTo(item.booking().bookingId()) != null) {
					view.put("alternatives", state.alternativesTo(item.booking().bookingId()));
				}
			}
			return view;
		}).toList());
		return problem;
	}
}
