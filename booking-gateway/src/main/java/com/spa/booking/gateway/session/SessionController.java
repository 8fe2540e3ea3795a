package com.spa.booking.gateway.session;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.booking.BookingView;
import com.spa.booking.gateway.request.AnswerShape;
import com.spa.booking.gateway.request.CommandResponder;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.RequestState;
import com.spa.booking.gateway.request.WaitPreference;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.schemas.CommandResult;
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

	/**
	 * A session command's success shows the session, a new one found at its own URI; while it is undecided, the
	 * session's ID comes with the request's, and a rejection says how each item fared.
	 */
	private static final AnswerShape<SessionCommand, SessionView> SESSION = new AnswerShape<>() {

		@Override
		public SessionView view(CommandResult succeeded) {
			SessionOutcome session = succeeded.session();
			return SessionView.of(session.sessionId(),
					session.items().stream().map(item -> BookingView.of(item.booking())).toList());
		}

		@Override
		public URI location(SessionView session) {
			return URI.create("/api/v1/booking-sessions/" + session.sessionId());
		}

		@Override
		public Map<String, Object> pendingMembers(SessionCommand command) {
			return Map.of("sessionId", command.sessionId());
		}

		@Override
		public ProblemDetail problem(RequestState state) {
			return withItems(state.problem(), state);
		}
	};

	private final CommandResponder responder;

	private final SessionCommandFactory commands;

	SessionController(CommandResponder responder, SessionCommandFactory commands) {
		this.responder = responder;
		this.commands = commands;
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
			WaitPreference wait, IdempotencyKey key) {
		var wanted = request.items().stream()
			.map(item -> new SessionCommandFactory.WantedItem(item.therapistId(), item.serviceId(),
					item.start().toInstant()))
			.toList();
		return responder.submit(commands.hold(caller, request.customerId(), wanted), caller, wait, key, SESSION);
	}

	@PostMapping("/{sessionId}/confirm")
	CompletableFuture<ResponseEntity<Object>> confirm(@PathVariable UUID sessionId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.confirm(caller, sessionId), caller, wait, key, SESSION);
	}

	@PostMapping("/{sessionId}/cancel")
	CompletableFuture<ResponseEntity<Object>> cancel(@PathVariable UUID sessionId, Caller caller, WaitPreference wait,
			IdempotencyKey key) {
		return responder.submit(commands.cancel(caller, sessionId), caller, wait, key, SESSION);
	}

	@GetMapping("/{sessionId}")
	SessionView session(@PathVariable UUID sessionId, Caller caller) {
		return SessionView.of(sessionId, commands.visible(sessionId, caller));
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
