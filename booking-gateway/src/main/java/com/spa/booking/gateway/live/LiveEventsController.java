package com.spa.booking.gateway.live;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.spa.booking.gateway.security.Caller;

/** The booking events as Server-Sent Events, for the front-desk page: who booked, confirmed, cancelled, what expired. */
@RestController
class LiveEventsController {

	private final LiveEventBroadcaster live;

	LiveEventsController(LiveEventBroadcaster live) {
		this.live = live;
	}

	/** The stream ends when the token does: a front desk whose sign-in ran out (or whose role was taken) hears no more. */
	@GetMapping(path = "/api/v1/booking-events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter bookingEvents(Caller caller, @AuthenticationPrincipal Jwt token) {
		return live.open(caller.subject(), token == null ? null : token.getExpiresAt());
	}
}
