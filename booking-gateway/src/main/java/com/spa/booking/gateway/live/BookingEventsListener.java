package com.spa.booking.gateway.live;

import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Topics;

/**
 * Every gateway instance reads every booking event (a consumer group of its own, from the latest offset), because the
 * front desks listening may be connected to any of them. The feed is live only: a page that reconnects reads the day
 * again from the API, so an event missed here is not lost to it. Not traced: the event's trace ends where its
 * consumers' work begins, and passing it on to a screen is no work worth a span in every gateway.
 */
@Component
class BookingEventsListener {

	static final String ID = "booking-gateway-live-events";

	private final LiveEventBroadcaster live;

	BookingEventsListener(LiveEventBroadcaster live) {
		this.live = live;
	}

	@KafkaListener(id = ID, topics = "${booking.topics.events:" + Topics.EVENTS + "}",
			groupId = "booking-gateway-live-${random.uuid}", properties = "auto.offset.reset=latest",
			containerPostProcessor = "untraced")
	void on(String json) {
		live.publish(json);
	}

	/**
	 * Not observed even where {@code spring.kafka.listener.observation-enabled} turns the listener observation on. No
	 * offsets are committed: every gateway reads from the latest event in a group of its own ({@code MANUAL}, and
	 * nothing is ever acknowledged).
	 */
	@Bean
	static ContainerPostProcessor<String, String, AbstractMessageListenerContainer<String, String>> untraced() {
		return container -> {
			container.getContainerProperties().setObservationEnabled(false);
			container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
		};
	}
}
