package com.spa.booking.gateway.request;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;

/**
 * Every gateway instance reads every result (a consumer group of its own, from the latest offset), because the
 * request waiting for a result may be on any of them. A result missed here is not lost: the outcome is in the
 * database and {@code GET /api/v1/requests/{id}} reads it there.
 */
@Component
class ResultListener {

	static final String ID = "booking-gateway-results";

	private final ResultWaiters waiters;

	private final InFlightCommands inFlight;

	ResultListener(ResultWaiters waiters, InFlightCommands inFlight) {
		this.waiters = waiters;
		this.inFlight = inFlight;
	}

	@KafkaListener(id = ID, topics = "${booking.topics.results:" + Topics.RESULTS + "}", groupId = "booking-gateway-${random.uuid}",
			properties = "auto.offset.reset=latest")
	void on(String json) {
		CommandResult result = Messages.result(json);
		inFlight.done(result.requestId());
		waiters.complete(result);
	}
}
