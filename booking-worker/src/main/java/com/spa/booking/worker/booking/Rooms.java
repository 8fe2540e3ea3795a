package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.toSql;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rooms, as the worker assigns them to holds. */
@Repository
class Rooms {

	private final JdbcClient jdbc;

	private final Bookings bookings;

	Rooms(JdbcClient jdbc, Bookings bookings) {
		this.jdbc = jdbc;
		this.bookings = bookings;
	}

	/** A room of the type with no active booking in {@code [from, until)}, the same one for the same question. */
	Optional<UUID> free(String roomType, Instant from, Instant until) {
		return free(roomType, from, until, null);
	}

	/** @param movingBooking a booking that is moving and so does not stand in its own way; may be null */
	Optional<UUID> free(String roomType, Instant from, Instant until, UUID movingBooking) {
		// the holds a batch has decided but not yet written take rooms too
		bookings.flushPending();
		return jdbc.sql("""
				SELECT r.id FROM rooms r
				 WHERE r.room_type = ?
				   AND NOT EXISTS (SELECT 1 FROM bookings b
				                    WHERE b.room_id = r.id AND b.status IN ('HELD', 'CONFIRMED')
				                      AND b.during && tstzrange(?, ?) AND b.id IS DISTINCT FROM ?)
				 ORDER BY r.name, r.id LIMIT 1""")
			.params(roomType, toSql(from), toSql(until), movingBooking)
			.query(UUID.class)
			.optional();
	}
}
