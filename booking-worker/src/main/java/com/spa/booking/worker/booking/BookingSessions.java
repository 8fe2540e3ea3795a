package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.toSql;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The booking sessions table: a session's customer, its items' common hold expiry, and the partition that writes it. */
@Repository
class BookingSessions {

	private final JdbcClient jdbc;

	private final BookingWorkingSet bookings;

	BookingSessions(JdbcClient jdbc, BookingWorkingSet bookings) {
		this.jdbc = jdbc;
		this.bookings = bookings;
	}

	/** @param partitionKey the therapist ID every command about the session is keyed by: its partition writes the items */
	void add(UUID sessionId, UUID customerId, Instant holdExpiresAt, UUID partitionKey) {
		// the items decided before it are written first, as for any statement of the transaction
		bookings.flushPending();
		jdbc.sql("INSERT INTO booking_sessions (id, customer_id, hold_expires_at, partition_key) VALUES (?, ?, ?, ?)")
			.params(sessionId, customerId, toSql(holdExpiresAt), partitionKey)
			.update();
	}

	/** The therapist ID the session's commands are keyed by, if there is such a session. */
	Optional<UUID> partitionKey(UUID sessionId) {
		return jdbc.sql("SELECT partition_key FROM booking_sessions WHERE id = ?").param(sessionId).query(UUID.class)
			.optional();
	}
}
