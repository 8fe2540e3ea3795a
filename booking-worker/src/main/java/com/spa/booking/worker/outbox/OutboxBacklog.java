package com.spa.booking.worker.outbox;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code booking.outbox.backlog}: the results and events written and not yet published. Near zero while Kafka takes
 * them; growing, it says the broker is away or the publishers fall behind. Counted when scraped.
 */
@Component
class OutboxBacklog {

	private final JdbcClient jdbc;

	OutboxBacklog(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		Gauge.builder("booking.outbox.backlog", this, OutboxBacklog::rows)
			.description("Outbox rows written and not yet published")
			.register(meters);
	}

	private double rows() {
		try {
			return jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
		}
		catch (DataAccessException databaseAway) {
			// a gauge has no error to give: no value, and the database's own health says why
			return Double.NaN;
		}
	}
}
