package com.spa.booking.gateway.availability;

import static com.spa.booking.support.SqlTimes.instant;
import static com.spa.booking.support.SqlTimes.toSql;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.calendar.Span;
import com.spa.booking.calendar.WorkingInterval;

/** What availability needs to know of a day: hours, bookings, time off, rooms. Read-only. */
@Repository
class CalendarQueries {

	private final JdbcClient jdbc;

	CalendarQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record ServiceSpec(UUID serviceId, Duration duration, Duration buffer, String roomType) {
	}

	record Therapist(UUID therapistId, String name) {
	}

	record Shift(UUID therapistId, WorkingInterval interval) {
	}

	/**
	 * An active booking. A hold whose expiry and grace have passed but which is not yet marked expired is kept apart:
	 * the worker sweeps such holds out of the way of a new hold, but only those its partition writes ({@code owner}:
	 * the therapist for a booking on its own, the session's key for a session's item).
	 */
	record Busy(UUID therapistId, UUID customerId, UUID roomId, Span treatment, Span blocked, boolean runOut, UUID owner) {
	}

	record Away(UUID therapistId, Span span) {
	}

	record Room(UUID roomId) {
	}

	Optional<ServiceSpec> service(UUID serviceId) {
		return jdbc.sql("SELECT id, duration_minutes, buffer_minutes, room_type FROM services WHERE id = ?")
			.param(serviceId)
			.query((rs, n) -> new ServiceSpec(rs.getObject("id", UUID.class),
					Duration.ofMinutes(rs.getInt("duration_minutes")), Duration.ofMinutes(rs.getInt("buffer_minutes")),
					rs.getString("room_type")))
			.optional();
	}

	List<Therapist> qualifiedTherapists(UUID serviceId) {
		return jdbc.sql("""
				SELECT t.id AS therapist_id, t.name FROM therapists t
				  JOIN therapist_services s ON s.therapist_id = t.id
				 WHERE s.service_id = ? ORDER BY t.name, t.id""")
			.param(serviceId)
			.query(Therapist.class)
			.list();
	}

	List<Shift> shifts(List<UUID> therapists) {
		return jdbc.sql("SELECT therapist_id, day_of_week, starts_at, ends_at FROM working_hours WHERE therapist_id = ANY(?)")
			.param(therapists.toArray(UUID[]::new))
			.query((rs, n) -> new Shift(rs.getObject("therapist_id", UUID.class),
					WorkingInterval.of(DayOfWeek.of(rs.getInt("day_of_week")), rs.getObject("starts_at", LocalTime.class),
							rs.getObject("ends_at", LocalTime.class))))
			.list();
	}

	/** Active bookings in {@code window} of the therapists, of the customer, or in the rooms of the type. */
	/** @param excluding a booking being moved, whose own time is no obstacle to it; may be null */
	List<Busy> busy(Span window, List<UUID> therapists, UUID customerId, String roomType, Instant graceOver,
			UUID excluding) {
		return jdbc.sql("""
				SELECT therapist_id, customer_id, room_id, starts_at, ends_at, busy_until,
				       status = 'HELD' AND hold_expires_at <= :graceOver AS run_out, owner
				  FROM booking_overview
				 WHERE status IN ('HELD', 'CONFIRMED') AND busy && tstzrange(:from, :until)
				   AND id IS DISTINCT FROM :excluding
				   AND (therapist_id = ANY(:therapists) OR customer_id = :customer
				        OR room_id IN (SELECT id FROM rooms WHERE room_type = :roomType))""")
			.param("graceOver", toSql(graceOver))
			.param("from", toSql(window.start()))
			.param("until", toSql(window.end()))
			.param("therapists", therapists.toArray(UUID[]::new))
			.param("customer", customerId)
			.param("roomType", roomType)
			.param("excluding", excluding)
			.query((rs, n) -> new Busy(rs.getObject("therapist_id", UUID.class), rs.getObject("customer_id", UUID.class),
					rs.getObject("room_id", UUID.class), new Span(instant(rs, "starts_at"), instant(rs, "ends_at")),
					new Span(instant(rs, "starts_at"), instant(rs, "busy_until")), rs.getBoolean("run_out"),
					rs.getObject("owner", UUID.class)))
			.list();
	}

	/** Whose booking it is, if there is one. */
	Optional<UUID> customerOf(UUID bookingId) {
		return jdbc.sql("SELECT customer_id FROM booking_overview WHERE id = ?").param(bookingId).query(UUID.class).optional();
	}

	/** Time off of the therapists, and closures (therapist null). */
	List<Away> away(Span window, List<UUID> therapists) {
		return jdbc.sql("""
				SELECT therapist_id, lower(during) AS starts, upper(during) AS ends FROM time_off
				 WHERE during && tstzrange(?, ?) AND (therapist_id IS NULL OR therapist_id = ANY(?))""")
			.params(toSql(window.start()), toSql(window.end()), therapists.toArray(UUID[]::new))
			.query((rs, n) -> new Away(rs.getObject("therapist_id", UUID.class),
					new Span(instant(rs, "starts"), instant(rs, "ends"))))
			.list();
	}

	List<UUID> rooms(String roomType) {
		return jdbc.sql("SELECT id FROM rooms WHERE room_type = ? ORDER BY name, id").param(roomType).query(UUID.class).list();
	}
}
