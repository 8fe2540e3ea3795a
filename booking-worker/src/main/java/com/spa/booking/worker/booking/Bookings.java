package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.instant;
import static com.spa.booking.support.SqlTimes.toSql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.BookingPolicy;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.booking.SeenBookings.Stretch;

/**
 * The bookings table, as SQL. Only the worker writes it. What a transaction has seen of
 * them, and which questions it can answer without asking the table, is {@link BookingWorkingSet}'s to know.
 */
@Repository
public class Bookings {

	private static final String COLUMNS = """
			id, customer_id, therapist_id, service_id, starts_at, ends_at, upper(during) AS blocked_until, status,
			hold_expires_at, room_id, session_id, price, currency, policy, version, waitlist_entry_id""";

	/** The same, of bookings {@code b}, with what {@link Read} holds besides. */
	private static final String BATCH_COLUMNS = """
			b.id, b.customer_id, b.therapist_id, b.service_id, b.starts_at, b.ends_at, upper(b.during) AS blocked_until,
			b.status, b.hold_expires_at, b.room_id, b.session_id, b.price, b.currency, b.policy, b.version, b.moved_by,
			b.waitlist_entry_id,
			(SELECT partition_key FROM booking_sessions s WHERE s.id = b.session_id) AS partition_key""";

	/** PostgreSQL's SQLState for a row that an exclusion constraint rejects. */
	static final String EXCLUSION_VIOLATION = "23P01";

	private final JdbcClient jdbc;

	Bookings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A booking as read, with what the worker keeps of it besides.
	 *
	 * @param sessionPartitionKey for a session's item, the therapist whose partition writes it; else null
	 * @param movedBy the request that last moved it to another therapist, if one did
	 */
	record Read(Booking booking, UUID sessionPartitionKey, UUID movedBy) {

		static Read of(ResultSet rs, int row) throws SQLException {
			return new Read(map(rs, row), rs.getObject("partition_key", UUID.class), rs.getObject("moved_by", UUID.class));
		}
	}

	Optional<Read> find(UUID id) {
		return jdbc.sql("SELECT " + BATCH_COLUMNS + " FROM bookings b WHERE b.id = ?").param(id).query(Read::of).optional();
	}

	/**
	 * Everything a batch needs of the table, in one statement: the bookings it names; every hold of its customers and
	 * their confirmed bookings that end after {@code since}; every active booking of each therapist in the stretches of
	 * time the batch's holds take; and every active booking in the rooms of each type in the stretches its holds need
	 * such a room. The locks the batch took before keep anyone else from adding to the last three until it ends. The
	 * stretches are looked up one by one in the exclusion constraints' indexes ({@code LATERAL}, kept apart from the
	 * join by {@code OFFSET 0}): the plan is made once for every batch, and one the planner chose freely scanned every
	 * active booking in the rooms for each batch of the demo spa.
	 */
	List<Read> readForBatch(Collection<UUID> ids, Collection<UUID> customers, Instant since,
			Map<UUID, List<Stretch>> therapists, Map<String, List<Stretch>> roomTypes) {
		List<UUID> therapistIds = new java.util.ArrayList<>();
		List<String> therapistFrom = new java.util.ArrayList<>();
		List<String> therapistUntil = new java.util.ArrayList<>();
		therapists.forEach((therapist, stretches) -> stretches.forEach(stretch -> {
			therapistIds.add(therapist);
			therapistFrom.add(stretch.from().toString());
			therapistUntil.add(stretch.until().toString());
		}));
		List<String> roomTypeNames = new java.util.ArrayList<>();
		List<String> roomFrom = new java.util.ArrayList<>();
		List<String> roomUntil = new java.util.ArrayList<>();
		roomTypes.forEach((type, stretches) -> stretches.forEach(stretch -> {
			roomTypeNames.add(type);
			roomFrom.add(stretch.from().toString());
			roomUntil.add(stretch.until().toString());
		}));
		return jdbc.sql("""
				SELECT %1$s
				  FROM bookings b WHERE b.id = ANY(:ids)
				UNION
				SELECT %1$s
				  FROM bookings b
				 WHERE b.customer_id = ANY(:customers) AND (b.status = 'HELD' OR b.status = 'CONFIRMED' AND b.ends_at > :since)
				UNION
				SELECT %1$s
				  FROM unnest(CAST(:therapists AS uuid[]), CAST(CAST(:therapistFrom AS text[]) AS timestamptz[]),
				              CAST(CAST(:therapistUntil AS text[]) AS timestamptz[])) AS w(therapist, from_, until_)
				 CROSS JOIN LATERAL (SELECT * FROM bookings
				                      WHERE therapist_id = w.therapist AND during && tstzrange(w.from_, w.until_)
				                        AND status IN ('HELD', 'CONFIRMED') OFFSET 0) b
				UNION
				SELECT %1$s
				  FROM unnest(CAST(:roomTypes AS text[]), CAST(CAST(:roomFrom AS text[]) AS timestamptz[]),
				              CAST(CAST(:roomUntil AS text[]) AS timestamptz[])) AS w(room_type, from_, until_)
				  JOIN rooms r ON r.room_type = w.room_type
				 CROSS JOIN LATERAL (SELECT * FROM bookings
				                      WHERE room_id = r.id AND during && tstzrange(w.from_, w.until_)
				                        AND status IN ('HELD', 'CONFIRMED') AND room_id IS NOT NULL OFFSET 0) b""".formatted(BATCH_COLUMNS))
			.param("ids", ids.toArray(UUID[]::new))
			.param("customers", customers.toArray(UUID[]::new))
			.param("since", toSql(since))
			.param("therapists", therapistIds.toArray(UUID[]::new))
			.param("therapistFrom", therapistFrom.toArray(String[]::new))
			.param("therapistUntil", therapistUntil.toArray(String[]::new))
			.param("roomTypes", roomTypeNames.toArray(String[]::new))
			.param("roomFrom", roomFrom.toArray(String[]::new))
			.param("roomUntil", roomUntil.toArray(String[]::new))
			.query(Read::of)
			.list();
	}

	/**
	 * Inserts holds in one statement, each unless it overlaps an active booking (of its therapist, its room, its
	 * customer) or its ID is taken.
	 *
	 * @return the IDs of those inserted
	 */
	List<UUID> insertAll(List<Booking> holds) {
		return jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, room_id, session_id, price, currency, policy, waitlist_entry_id,
				                      created_at, updated_at)
				SELECT id, customer, therapist, service, starts, ends, tstzrange(starts, blocked, '[)'), 'HELD', expires,
				       room, session, price, currency, policy, entry, now(), now()
				  FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]),
				              CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS timestamptz[]),
				              CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS timestamptz[]),
				              CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(CAST(? AS text[]) AS numeric[]), CAST(? AS text[]),
				              CAST(? AS text[]), CAST(? AS uuid[]))
				       AS h(id, customer, therapist, service, starts, ends, blocked, expires, room, session, price, currency,
				            policy, entry)
				ON CONFLICT DO NOTHING
				RETURNING id""")
			.params(holds.stream().map(Booking::id).toArray(UUID[]::new),
					holds.stream().map(Booking::customerId).toArray(UUID[]::new),
					holds.stream().map(Booking::therapistId).toArray(UUID[]::new),
					holds.stream().map(Booking::serviceId).toArray(UUID[]::new),
					holds.stream().map(hold -> hold.start().toString()).toArray(String[]::new),
					holds.stream().map(hold -> hold.end().toString()).toArray(String[]::new),
					holds.stream().map(hold -> hold.blockedUntil().toString()).toArray(String[]::new),
					holds.stream().map(hold -> hold.holdExpiresAt().toString()).toArray(String[]::new),
					holds.stream().map(Booking::roomId).toArray(UUID[]::new),
					holds.stream().map(Booking::sessionId).toArray(UUID[]::new),
					holds.stream().map(hold -> hold.price().amount().toPlainString()).toArray(String[]::new),
					holds.stream().map(hold -> hold.price().currency()).toArray(String[]::new),
					holds.stream().map(Bookings::policyJson).toArray(String[]::new),
					holds.stream().map(Booking::waitlistEntryId).toArray(UUID[]::new))
			.query(UUID.class)
			.list();
	}

	/**
	 * Inserts the hold unless it overlaps an active booking of the same therapist, room or customer. The exclusion
	 * constraints decide ({@code ON CONFLICT DO NOTHING} covers exclusion constraints too), so there is no
	 * check-then-insert window.
	 *
	 * @return false if the time is taken
	 */
	boolean insertUnlessOverlapping(Booking hold) {
		return jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, room_id, session_id, price, currency, policy, waitlist_entry_id,
				                      created_at, updated_at)
				VALUES (:id, :customer, :therapist, :service, :start, :end, tstzrange(:start, :blockedUntil, '[)'),
				        :status, :holdExpiresAt, :room, :session, :price, :currency, :policy, :waitlistEntry, now(), now())
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
			.param("price", hold.price().amount())
			.param("currency", hold.price().currency())
			.param("policy", policyJson(hold))
			.param("waitlistEntry", hold.waitlistEntryId())
			.update() == 1;
	}

	/**
	 * Writes a change, if the row still has the version the change was decided from.
	 *
	 * @return how many rows changed: 1, or 0 if another transaction changed the row since it was read
	 * @throws org.springframework.dao.DataIntegrityViolationException if the change would make the booking overlap
	 * another (only possible when it becomes active again)
	 */
	int update(Booking changed) {
		return jdbc.sql("""
				UPDATE bookings SET status = :status, hold_expires_at = :holdExpiresAt, room_id = :room,
				       version = version + 1, updated_at = now()
				 WHERE id = :id AND version = :version""")
			.param("status", changed.status().name())
			.param("holdExpiresAt", toSql(changed.holdExpiresAt()))
			.param("room", changed.roomId())
			.param("id", changed.id())
			.param("version", changed.version())
			.update();
	}

	/**
	 * Moves a booking, if the row still has the version the move was decided from.
	 *
	 * @param request the request that moves it: remembered if it moves to another therapist
	 * @return how many rows changed: 1, or 0 if another transaction changed the row since it was read
	 * @throws org.springframework.dao.DataIntegrityViolationException if the new time overlaps another active booking
	 */
	int move(Booking moved, UUID request) {
		return jdbc.sql("""
				UPDATE bookings SET therapist_id = :therapist, starts_at = :start, ends_at = :end,
				       during = tstzrange(:start, :blockedUntil, '[)'), room_id = :room, version = version + 1,
				       updated_at = now(),
				       moved_by = CASE WHEN therapist_id = :therapist THEN moved_by ELSE :request END
				 WHERE id = :id AND version = :version""")
			.param("request", request)
			.param("therapist", moved.therapistId())
			.param("start", toSql(moved.start()))
			.param("end", toSql(moved.end()))
			.param("blockedUntil", toSql(moved.blockedUntil()))
			.param("room", moved.roomId())
			.param("id", moved.id())
			.param("version", moved.version())
			.update();
	}

	/** Whether the database rejected a write because of an exclusion constraint: an overlap, not a bug. */
	static boolean isOverlap(DataIntegrityViolationException rejected) {
		return NestedExceptionUtils.getMostSpecificCause(rejected) instanceof SQLException sql
				&& EXCLUSION_VIOLATION.equals(sql.getSQLState());
	}

	/** The items of a session, locked against every other command until this transaction ends. */
	List<Booking> lockSession(UUID sessionId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM bookings WHERE session_id = ? ORDER BY id FOR UPDATE")
			.param(sessionId)
			.query(Bookings::map)
			.list();
	}

	/** Holds of the customer that are still running at {@code at}. */
	int runningHoldsOf(UUID customerId, Instant at) {
		return jdbc.sql("SELECT count(*) FROM bookings WHERE customer_id = ? AND status = 'HELD' AND hold_expires_at > ?")
			.params(customerId, toSql(at))
			.query(Integer.class)
			.single();
	}

	/** As {@link Booking#countsAgainstTheCapAt}: holds until their grace is over, confirmed ones until they end. */
	int activeBookingsOf(UUID customerId, Instant at, Duration holdGrace) {
		return jdbc.sql("""
				SELECT count(*) FROM bookings
				 WHERE customer_id = ? AND (status = 'HELD' AND hold_expires_at > ? OR status = 'CONFIRMED' AND ends_at > ?)""")
			.params(customerId, toSql(at.minus(holdGrace)), toSql(at))
			.query(Integer.class)
			.single();
	}

	/**
	 * Holds of the therapist that overlap the given time, had run out by {@code at} but are still marked HELD, and are
	 * written by the partition of {@code owner}: a booking on its own by its therapist's, a session's item by the
	 * session's.
	 */
	List<Booking> runOutHoldsOverlapping(UUID therapistId, Instant from, Instant until, Instant at, UUID owner) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM bookings
				WHERE therapist_id = :therapist AND status = 'HELD' AND hold_expires_at <= :at
				  AND during && tstzrange(:from, :until, '[)')
				  AND (session_id IS NULL AND therapist_id = :owner
				       OR session_id IN (SELECT id FROM booking_sessions WHERE partition_key = :owner))
				ORDER BY id""")
			.param("therapist", therapistId)
			.param("at", toSql(at))
			.param("from", toSql(from))
			.param("until", toSql(until))
			.param("owner", owner)
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

	/**
	 * The booking that stands in the way of the hold for that reason (the therapist's for {@code SLOT_TAKEN}, the
	 * customer's for {@code CUSTOMER_OVERLAP}), the earliest if there are several, to name it in the rejection.
	 */
	Optional<Booking> inTheWay(Booking hold, RejectionReason reason) {
		String which = reason == RejectionReason.SLOT_TAKEN
				? "therapist_id = :therapist AND during && tstzrange(:start, :blockedUntil)"
				: """
						customer_id = :customer AND coalesce(session_id, id) <> coalesce(:session, :id)
						AND tstzrange(starts_at, ends_at) && tstzrange(:start, :end)""";
		return jdbc.sql("SELECT " + COLUMNS + " FROM bookings WHERE status IN ('HELD', 'CONFIRMED') AND id <> :id AND "
				+ which + " ORDER BY starts_at, id LIMIT 1")
			.param("id", hold.id())
			.param("therapist", hold.therapistId())
			.param("customer", hold.customerId())
			.param("session", hold.sessionId())
			.param("start", toSql(hold.start()))
			.param("end", toSql(hold.end()))
			.param("blockedUntil", toSql(hold.blockedUntil()))
			.query(Bookings::map)
			.optional();
	}

	/**
	 * A room of the type with no active booking in {@code [from, until)} but {@code movingBooking} (which may be null),
	 * the same one for the same question: the first in the order of their names, then IDs.
	 */
	Optional<UUID> freeRoom(String roomType, Instant from, Instant until, UUID movingBooking) {
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

	/**
	 * For the expiry timer: a page of the holds that had run out by {@code at}, oldest first, after the given one (null
	 * for the first page). Paging through all of them, rather than taking the oldest few, means that holds stuck behind
	 * a stalled partition cannot keep the others from being found.
	 */
	public List<RunOutHold> runOutHolds(Instant at, RunOutHold after, int limit) {
		return jdbc.sql("""
				SELECT b.id, b.therapist_id, b.hold_expires_at, b.session_id, s.partition_key
				  FROM bookings b LEFT JOIN booking_sessions s ON s.id = b.session_id
				 WHERE b.status = 'HELD' AND b.hold_expires_at <= :at
				   AND (CAST(:afterExpiry AS timestamptz) IS NULL OR (b.hold_expires_at, b.id) > (:afterExpiry, :afterId))
				 ORDER BY b.hold_expires_at, b.id LIMIT :limit""")
			.param("at", toSql(at))
			.param("afterExpiry", after == null ? null : toSql(after.expiredAt()))
			.param("afterId", after == null ? null : after.bookingId())
			.param("limit", limit)
			.query((rs, n) -> new RunOutHold(rs.getObject("id", UUID.class), rs.getObject("therapist_id", UUID.class),
					instant(rs, "hold_expires_at"), rs.getObject("session_id", UUID.class),
					rs.getObject("partition_key", UUID.class)))
			.list();
	}

	/**
	 * @param sessionId the session it belongs to, or null
	 * @param sessionPartitionKey the therapist ID the session's commands are keyed by, or null
	 */
	public record RunOutHold(UUID bookingId, UUID therapistId, Instant expiredAt, UUID sessionId,
			UUID sessionPartitionKey) {
	}

	private static Booking map(ResultSet rs, int row) throws SQLException {
		return new Booking(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
				rs.getObject("therapist_id", UUID.class), rs.getObject("service_id", UUID.class),
				instant(rs, "starts_at"), instant(rs, "ends_at"), instant(rs, "blocked_until"),
				BookingStatus.valueOf(rs.getString("status")), instant(rs, "hold_expires_at"),
				rs.getObject("room_id", UUID.class), rs.getObject("session_id", UUID.class), price(rs),
				policy(rs), rs.getInt("version"), rs.getObject("waitlist_entry_id", UUID.class));
	}

	/** Null for a booking held before policies were recorded with bookings. */
	private static BookingPolicy policy(ResultSet rs) throws SQLException {
		String json = rs.getString("policy");
		return json == null ? null : Messages.policy(json);
	}

	private static String policyJson(Booking hold) {
		return hold.policy() == null ? null : Messages.toJson(hold.policy());
	}

	/** Null for a booking held before prices were recorded with bookings. */
	private static Price price(ResultSet rs) throws SQLException {
		String currency = rs.getString("currency");
		return currency == null ? null : new Price(rs.getBigDecimal("price"), currency);
	}
}
