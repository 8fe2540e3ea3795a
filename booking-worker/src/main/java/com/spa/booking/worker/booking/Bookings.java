package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.instant;
import static com.spa.booking.support.SqlTimes.toSql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.RejectionReason;

/** The bookings table. Only the worker writes it. */
@Repository
public class Bookings {

	private static final String COLUMNS = """
			id, customer_id, therapist_id, service_id, starts_at, ends_at, upper(during) AS blocked_until, status,
			hold_expires_at, room_id, session_id""";

	private final JdbcClient jdbc;

	Bookings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Booking> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM bookings WHERE id = ?").param(id).query(Bookings::map).optional();
	}

	/**
	 * Inserts the hold unless it overlaps an active booking of the same therapist. The exclusion constraint decides
	 * ({@code ON CONFLICT DO NOTHING} covers exclusion constraints too), so there is no check-then-insert window.
	 *
	 * @return false if the time is taken
	 */
	boolean insertUnlessOverlapping(Booking hold) {
		return jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, room_id, session_id, created_at, updated_at)
				VALUES (:id, :customer, :therapist, :service, :start, :end, tstzrange(:start, :blockedUntil, '[)'),
				        :status, :holdExpiresAt, :room, :session, now(), now())
				ON CONFLICT DO NOTHING""")
			.param("id", hold.id())
			.param("customer", hold.customerId())
			.param("therapist", hold.therapistId())
			.param("service", hold.serviceId())
			.param("start", toSql(hold.start()))
			.param("end", toSql(hold.end()))
			.param("blockedUntil", toSql(hold.blockedUntil()))
			.param("status", hold.status().name())
			.param("holdExpiresAt", toSql(hold.holdExpiresAt()))
			.param("room", hold.roomId())
			.param("session", hold.sessionId())
			.update() == 1;
	}

	/**
	 * @throws org.springframework.dao.DataIntegrityViolationException if the change would make the booking overlap
	 * another (only possible when it becomes active again)
	 */
	void update(Booking booking) {
		jdbc.sql("""
				UPDATE bookings SET status = :status, hold_expires_at = :holdExpiresAt, room_id = :room, updated_at = now()
				 WHERE id = :id""")
			.param("status", booking.status().name())
			.param("holdExpiresAt", toSql(booking.holdExpiresAt()))
			.param("room", booking.roomId())
			.param("id", booking.id())
			.update();
	}

	/**
	 * @throws org.springframework.dao.DataIntegrityViolationException if the new time overlaps another active booking
	 */
	void move(Booking moved) {
		jdbc.sql("""
				UPDATE bookings SET therapist_id = :therapist, starts_at = :start, ends_at = :end,
				       during = tstzrange(:start, :blockedUntil, '[)'), room_id = :room, updated_at = now()
				 WHERE id = :id""")
			.param("therapist", moved.therapistId())
			.param("start", toSql(moved.start()))
			.param("end", toSql(moved.end()))
			.param("blockedUntil", toSql(moved.blockedUntil()))
			.param("room", moved.roomId())
			.param("id", moved.id())
			.update();
	}

	/** The items of a cart, locked against every other command until this transaction ends. */
	List<Booking> lockSession(UUID sessionId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM bookings WHERE session_id = ? ORDER BY id FOR UPDATE")
			.param(sessionId)
			.query(Bookings::map)
			.list();
	}

	void addSession(UUID sessionId, UUID customerId, Instant holdExpiresAt) {
		jdbc.sql("INSERT INTO booking_sessions (id, customer_id, hold_expires_at) VALUES (?, ?, ?)")
			.params(sessionId, customerId, toSql(holdExpiresAt))
			.update();
	}

	/** Holds of the customer that are still running at {@code at}. */
	int runningHoldsOf(UUID customerId, Instant at) {
		return jdbc.sql("SELECT count(*) FROM bookings WHERE customer_id = ? AND status = 'HELD' AND hold_expires_at > ?")
			.params(customerId, toSql(at))
			.query(Integer.class)
			.single();
	}

	/** Holds of the therapist that overlap the given time and had run out by {@code at} but are still marked HELD. */
	List<Booking> runOutHoldsOverlapping(UUID therapistId, Instant from, Instant until, Instant at) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM bookings
				WHERE therapist_id = :therapist AND status = 'HELD' AND hold_expires_at <= :at
				  AND during && tstzrange(:from, :until, '[)')""")
			.param("therapist", therapistId)
			.param("at", toSql(at))
			.param("from", toSql(from))
			.param("until", toSql(until))
			.query(Bookings::map)
			.list();
	}

	/** Why an active booking stands in the way of this one, if one does; checked in the order a customer cares. */
	Optional<RejectionReason> obstacle(Booking hold) {
		return jdbc.sql("""
				SELECT CASE WHEN therapist_id = :therapist AND during && tstzrange(:start, :blockedUntil) THEN 1
				            WHEN customer_id = :customer AND coalesce(session_id, id) <> coalesce(:session, :id)
				                 AND tstzrange(starts_at, ends_at) && tstzrange(:start, :end) THEN 2
				            ELSE 3 END AS obstacle
				  FROM bookings
				 WHERE status IN ('HELD', 'CONFIRMED') AND id <> :id
				   AND ((therapist_id = :therapist AND during && tstzrange(:start, :blockedUntil))
				     OR (customer_id = :customer AND coalesce(session_id, id) <> coalesce(:session, :id)
				         AND tstzrange(starts_at, ends_at) && tstzrange(:start, :end))
				     OR (room_id = :room AND during && tstzrange(:start, :blockedUntil)))
				 ORDER BY obstacle LIMIT 1""")
			.param("id", hold.id())
			.param("therapist", hold.therapistId())
			.param("customer", hold.customerId())
			.param("room", hold.roomId())
			.param("session", hold.sessionId())
			.param("start", toSql(hold.start()))
			.param("end", toSql(hold.end()))
			.param("blockedUntil", toSql(hold.blockedUntil()))
			.query(Integer.class)
			.optional()
			.map(obstacle -> switch (obstacle) {
				case 1 -> RejectionReason.SLOT_TAKEN;
				case 2 -> RejectionReason.CUSTOMER_OVERLAP;
				default -> RejectionReason.NO_ROOM;
			});
	}

	/** For the expiry timer: holds that had run out by {@code at}, oldest first. */
	public List<RunOutHold> runOutHolds(Instant at, int limit) {
		return jdbc.sql("""
				SELECT id, therapist_id, hold_expires_at FROM bookings
				WHERE status = 'HELD' AND hold_expires_at <= :at
				ORDER BY hold_expires_at LIMIT :limit""")
			.param("at", toSql(at))
			.param("limit", limit)
			.query((rs, n) -> new RunOutHold(rs.getObject("id", UUID.class), rs.getObject("therapist_id", UUID.class),
					instant(rs, "hold_expires_at")))
			.list();
	}

	public record RunOutHold(UUID bookingId, UUID therapistId, Instant expiredAt) {
	}

	private static Booking map(ResultSet rs, int row) throws SQLException {
		return new Booking(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
				rs.getObject("therapist_id", UUID.class), rs.getObject("service_id", UUID.class),
				instant(rs, "starts_at"), instant(rs, "ends_at"), instant(rs, "blocked_until"),
				BookingStatus.valueOf(rs.getString("status")), instant(rs, "hold_expires_at"),
				rs.getObject("room_id", UUID.class), rs.getObject("session_id", UUID.class));
	}
}
