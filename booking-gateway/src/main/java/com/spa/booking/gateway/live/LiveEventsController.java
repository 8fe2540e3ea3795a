package com.spa.booking.gateway.live;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The booking events as Server-Sent Events, for the front-desk page: who booked, confirmed, cancelled, what expired. */
@RestController
class LiveEventsController {

	private final LiveBookingEvents live;

	LiveEventsController(LiveBookingEvents live) {
		this.live = live;
	}

	@GetMapping(path = "/api/v1/booking-events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter bookingEvents() {
		return live.open();
	}
}
