package com.spa.booking.worker.outbox;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.WorkerProperties;

/**
 * Messages to publish, written in the same transaction as the change they report. If that transaction rolls back, they
 * were never written; if it commits, the {@link OutboxRelay} publishes them (at least once).
 */
@Repository
public class Outbox {

	private final JdbcClient jdbc;

	private final WorkerProperties.TopicNames topics;

	private final ApplicationEventPublisher events;

	Outbox(JdbcClient jdbc, WorkerProperties properties, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.topics = properties.topics();
		this.events = events;
	}

	public void result(CommandResult result) {
		add(topics.results(), result.requestId().toString(), Messages.toJson(result));
	}

	public void event(BookingEvent event) {
		add(topics.events(), event.partitionKey(), Messages.toJson(event));
	}

	private void add(String topic, String key, String payload) {
		jdbc.sql("INSERT INTO outbox (topic, message_key, payload) VALUES (?, ?, ?)")
			.params(topic, key, payload)
			.update();
		// delivered to the relay after commit only
		events.publishEvent(new OutboxWritten());
	}

	record OutboxWritten() {
	}
}
