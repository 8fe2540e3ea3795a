package com.spa.booking.gateway.admin;

import static com.spa.booking.support.SqlTimes.instant;
import static com.spa.booking.support.SqlTimes.toSql;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.calendar.WorkingInterval;

/**
 * Writes working hours and time off. Every change first locks the therapists it concerns ({@code FOR UPDATE}); the
 * worker locks a therapist {@code FOR SHARE} while it places a hold, so a change and a hold never pass each other
 * unseen: the change either sees the hold, or the hold sees the change.
 */
@Repository
class ScheduleWrites {

	private final JdbcClient jdbc;

	ScheduleWrites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record ActiveBooking(UUID bookingId, UUID therapistId, Instant start, Instant end, Instant blockedUntil,
			String status) {
	}

	boolean lockTherapist(UUID therapistId) {
		return jdbc.sql("SELECT 1 FROM therapists WHERE id = ? FOR UPDATE").param(therapistId).query(Integer.class)
			.optional().isPresent();
	}

	void lockAllTherapists() {
		jdbc.sql("SELECT 1 FROM therapists ORDER BY id FOR UPDATE").query(Integer.class).list();
	}

	/** Active bookings of the therapist (of everyone, for null) that end after {@code after}. */
	List<ActiveBooking> activeBookings(UUID therapistId, Instant after) {
		return jdbc.sql("""
				SELECT id, therapist_id, starts_at, ends_at, busy_until, status FROM booking_overview
				 WHERE status IN ('HELD', 'CONFIRMED') AND busy_until > ?
				   AND (CAST(? AS uuid) IS NULL OR therapist_id = ?)
				 ORDER BY starts_at""")
			.params(toSql(after), therapistId, therapistId)
			.query((rs, n) -> new ActiveBooking(rs.getObject("id", UUID.class), rs.getObject("therapist_id", UUID.class),
					instant(rs, "starts_at"), instant(rs, "ends_at"), instant(rs, "busy_until"), rs.getString("status")))
			.list();
	}

	void replaceWeek(UUID therapistId, List<WorkingInterval> week) {
		jdbc.sql("DELETE FROM working_hours WHERE therapist_id = ?").param(therapistId).update();
		for (WorkingInterval interval : week) {
			jdbc.sql("INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at) VALUES (?, ?, ?, ?::time)")
				.params(therapistId, interval.day().getValue(), interval.start(),
						interval.untilMidnight() ? "24:00" : interval.end().toString())
				.update();
		}
	}

	List<WorkingInterval> week(UUID therapistId) {
		return jdbc.sql("SELECT day_of_week, starts_at, ends_at FROM working_hours WHERE therapist_id = ? ORDER BY day_of_week, starts_at")
			.param(therapistId)
			.query((rs, n) -> WorkingInterval.of(java.time.DayOfWeek.of(rs.getInt("day_of_week")),
					rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class)))
			.list();
	}

	void addTimeOff(UUID id, UUID therapistId, Instant start, Instant end, String reason) {
		jdbc.sql("INSERT INTO time_off (id, therapist_id, during, reason) VALUES (?, ?, tstzrange(?, ?), ?)")
			.params(id, therapistId, toSql(start), toSql(end), reason)
			.update();
	}
}
