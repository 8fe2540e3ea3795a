package com.spa.booking.gateway.request;

import java.util.UUID;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Problems;

@RestController
@RequestMapping("/api/v1/requests")
class RequestController {

	private final CommandSubmitter requests;

	RequestController(CommandSubmitter requests) {
		this.requests = requests;
	}

	@GetMapping("/{requestId}")
	RequestView request(@PathVariable UUID requestId, Caller caller) {
		// another caller's request is not found: whether it exists is not theirs to know
		RequestState state = requests.find(requestId, caller).orElseThrow(() -> Problems.notFound("request", requestId));
		return RequestView.of(state);
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RequestView(UUID requestId, RequestState.Status status, UUID bookingId, ProblemDetail problem) {

		static RequestView of(RequestState state) {
			return switch (state.status()) {
				case PENDING -> new RequestView(state.requestId(), state.status(), null, null);
				case SUCCEEDED -> new RequestView(state.requestId(), state.status(), state.bookingId(), null);
				case REJECTED, FAILED -> new RequestView(state.requestId(), state.status(), state.existingBookingId(),
						state.problem());
			};
		}
	}
}
