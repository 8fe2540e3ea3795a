package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.instant;
import static com.spa.booking.support.SqlTimes.toSql;

import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.batch.TransactionScoped;

/** The bookings table. Only the worker writes it. */
@Repository
public class Bookings {

	private static final String COLUMNS = """
			id, customer_id, therapist_id, service_id, starts_at, ends_at, upper(during) AS blocked_until, status,
			hold_expires_at, room_id, session_id, price, currency, version""";

	/** PostgreSQL's SQLState for a row that an exclusion constraint rejects. */
	static final String EXCLUSION_VIOLATION = "23P01";

	private final JdbcClient jdbc;

	/**
	 * What this transaction has seen of the bookings. Every write is still a compare-and-set on the version seen, so a
	 * row changed meanwhile by someone else is never overwritten from here.
	 */
	private final TransactionScoped<SeenBookings> seen = TransactionScoped.flushedBeforeCommit(SeenBookings::new,
			this::write);

	Bookings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Any statement about bookings first writes the holds decided but not yet written, so that it sees them. */
	private JdbcClient.StatementSpec sql(String statement) {
		flushPending();
		return jdbc.sql(statement);
	}

	/** Writes the holds decided but not yet written, if any. */
	void flushPending() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			write(seen.get());
		}
	}

	/**
	 * Writes the pending holds in one statement. The batch decided them against every active booking it knew of; a
	 * row the database rejects all the same overlaps one it could not know of (written meanwhile by another
	 * partition), and the batch is applied again one command at a time.
	 *
	 * @throws BatchSawTooLittle if the database rejected one
	 */
	private void write(SeenBookings now) {
		List<Booking> holds = now.pending;
		if (holds.isEmpty()) {
			return;
		}
		List<UUID> inserted = jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, room_id, session_id, price, currency, created_at, updated_at)
				SELECT id, customer, therapist, service, starts, ends, tstzrange(starts, blocked, '[)'), 'HELD', expires,
				       NULL, session, price, currency, now(), now()
				  FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]),
				              CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS timestamptz[]),
				              CAST(CAST(? AS text[]) AS timestamptz[]), CAST(CAST(? AS text[]) AS timestamptz[]),
				              CAST(? AS uuid[]), CAST(CAST(? AS text[]) AS numeric[]), CAST(? AS text[]))
				       AS h(id, customer, therapist, service, starts, ends, blocked, expires, session, price, currency)
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
					holds.stream().map(Booking::sessionId).toArray(UUID[]::new),
					holds.stream().map(hold -> hold.price().amount().toPlainString()).toArray(String[]::new),
					holds.stream().map(hold -> hold.price().currency()).toArray(String[]::new))
			.query(UUID.class)
			.list();
		int decided = holds.size();
		holds.clear();
		if (inserted.size() != decided) {
			throw new BatchSawTooLittle(decided - inserted.size());
		}
	}

	Optional<Booking> find(UUID id) {
		SeenBookings now = seen.get();
		Optional<Booking> known = now.bookings.get(id);
		if (known != null) {
			return known;
		}
		Optional<Booking> read = sql("SELECT " + COLUMNS + " FROM bookings WHERE id = ?")
			.param(id)
			.query(Bookings::map)
			.optional();
		read.ifPresentOrElse(now::put, () -> now.bookings.put(id, Optional.empty()));
		return read;
	}

	/** Reads a whole batch's bookings in one query, so that the batch's commands find them without asking again. */
	void prefetch(Collection<UUID> ids) {
		Map<UUID, Optional<Booking>> known = seen.get().bookings;
		UUID[] unknown = ids.stream().filter(id -> id != null && !known.containsKey(id)).distinct().toArray(UUID[]::new);
		if (unknown.length == 0) {
			return;
		}
		for (UUID id : unknown) {
			known.put(id, Optional.empty());
		}
		sql("SELECT " + COLUMNS + " FROM bookings WHERE id = ANY(?)").param(unknown).query(Bookings::map).list()
			.forEach(this::saw);
	}

	/** After a savepoint was rolled back, what this transaction saw may be undone: it reads afresh. */
	void forgetWhatWasRead() {
		seen.get().clear();
	}

	/**
	 * Reads the holds of a batch's customers, and their confirmed bookings that end after {@code since}: the batch has
	 * locked them, so no other transaction can add a booking for them until it ends, and it can count their holds and
	 * bookings itself.
	 */
	void prefetchActiveOf(Collection<UUID> customers, Instant since) {
		SeenBookings now = seen.get();
		UUID[] unknown = customers.stream().filter(id -> id != null && !now.holdsKnownOf.contains(id)).distinct()
			.toArray(UUID[]::new);
		if (unknown.length == 0) {
			return;
		}
		sql("SELECT " + COLUMNS
				+ " FROM bookings WHERE customer_id = ANY(?) AND (status = 'HELD' OR status = 'CONFIRMED' AND ends_at > ?)")
			.params(unknown, toSql(since))
			.query(Bookings::map)
			.list()
			.forEach(this::sawUnlessNewer);
		now.holdsKnownOf.addAll(List.of(unknown));
		for (UUID customer : unknown) {
			now.confirmedKnownAfter.put(customer, since);
		}
	}

	/**
	 * Reads the holds of a batch's therapists that had run out by {@code until} and are still marked held: those the
	 * batch's commands may expire in their way. Only this partition writes the ones it may expire.
	 */
	void prefetchRunOut(Collection<UUID> therapists, Instant until) {
		SeenBookings now = seen.get();
		UUID[] unknown = therapists.stream().filter(id -> id != null && !now.runOutKnownUntil.containsKey(id)).distinct()
			.toArray(UUID[]::new);
		if (unknown.length == 0) {
			return;
		}
		sql("SELECT " + COLUMNS + """
				, (SELECT partition_key FROM booking_sessions s WHERE s.id = session_id) AS partition_key
				  FROM bookings WHERE therapist_id = ANY(?) AND status = 'HELD' AND hold_expires_at <= ?""")
			.params(unknown, toSql(until))
			.query((rs, n) -> {
				Booking booking = map(rs, n);
				if (booking.sessionId() != null) {
					now.sessionKeys.put(booking.sessionId(), rs.getObject("partition_key", UUID.class));
				}
				return booking;
			})
			.list()
			.forEach(this::sawUnlessNewer);
		for (UUID therapist : unknown) {
			now.runOutKnownUntil.put(therapist, until);
		}
	}

	/**
	 * From now on in this transaction, new holds are decided in memory where it knows everything in their way, and
	 * written together.
	 */
	void deferInserts() {
		seen.get().deferring = true;
	}

	/**
	 * Reads every active booking of a batch's therapists and customers that touches {@code [from, until)}: with them,
	 * the batch decides its holds in those hours itself.
	 */
	void prefetchActive(Collection<UUID> therapists, Collection<UUID> customers, Instant from, Instant until) {
		SeenBookings now = seen.get();
		if (now.knownFrom != null) {
			return;
		}
		sql("SELECT " + COLUMNS + """
				 FROM bookings
				WHERE status IN ('HELD', 'CONFIRMED') AND during && tstzrange(:from, :until, '[)')
				  AND (therapist_id = ANY(:therapists) OR customer_id = ANY(:customers))""")
			.param("from", toSql(from))
			.param("until", toSql(until))
			.param("therapists", therapists.toArray(UUID[]::new))
			.param("customers", customers.toArray(UUID[]::new))
			.query(Bookings::map)
			.list()
			.forEach(this::sawUnlessNewer);
		now.activeKnownOfTherapists.addAll(therapists);
		now.activeKnownOfCustomers.addAll(customers);
		now.knownFrom = from;
		now.knownUntil = until;
	}

	private Booking saw(Booking booking) {
		seen.get().put(booking);
		return booking;
	}

	/** What this transaction wrote itself is newer than what it reads now. */
	private void sawUnlessNewer(Booking booking) {
		SeenBookings now = seen.get();
		Optional<Booking> known = now.bookings.get(booking.id());
		if (known == null || known.isEmpty() || known.get().version() <= booking.version()) {
			now.put(booking);
		}
	}

	/**
	 * Inserts the hold unless it overlaps an active booking of the same therapist. The exclusion constraint decides
	 * ({@code ON CONFLICT DO NOTHING} covers exclusion constraints too), so there is no check-then-insert window.
	 *
	 * @return false if the time is taken
	 */
	boolean insertUnlessOverlapping(Booking hold) {
		SeenBookings now = seen.get();
		if (now.knowsEverythingInTheWayOf(hold)) {
			if (now.obstacle(hold).isPresent()) {
				return false;
			}
			now.pending.add(hold);
			saw(hold);
			return true;
		}
		boolean inserted = sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, room_id, session_id, price, currency, created_at, updated_at)
				VALUES (:id, :customer, :therapist, :service, :start, :end, tstzrange(:start, :blockedUntil, '[)'),
				        :status, :holdExpiresAt, :room, :session, :price, :currency, now(), now())
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
			.update() == 1;
		if (inserted) {
			saw(hold);
		}
		return inserted;
	}

	/**
	 * Writes a change, if the row still has the version the change was decided from.
	 *
	 * @return the booking as written, with its new version
	 * @throws BookingChangedMeanwhile if another transaction changed the row since it was read
	 * @throws org.springframework.dao.DataIntegrityViolationException if the change would make the booking overlap
	 * another (only possible when it becomes active again)
	 */
	Booking update(Booking changed) {
		int rows = sql("""
				UPDATE bookings SET status = :status, hold_expires_at = :holdExpiresAt, room_id = :room,
				       version = version + 1, updated_at = now()
				 WHERE id = :id AND version = :version""")
			.param("status", changed.status().name())
			.param("holdExpiresAt", toSql(changed.holdExpiresAt()))
			.param("room", changed.roomId())
			.param("id", changed.id())
			.param("version", changed.version())
			.update();
		return writtenIfOneRow(rows, changed);
	}

	/**
	 * Moves a booking, if the row still has the version the move was decided from.
	 *
	 * @return the booking as written, with its new version
	 * @throws BookingChangedMeanwhile if another transaction changed the row since it was read
	 * @throws org.springframework.dao.DataIntegrityViolationException if the new time overlaps another active booking
	 */
	Booking move(Booking moved) {
		int rows = sql("""
				UPDATE bookings SET therapist_id = :therapist, starts_at = :start, ends_at = :end,
				       during = tstzrange(:start, :blockedUntil, '[)'), room_id = :room, version = version + 1,
				       updated_at = now()
				 WHERE id = :id AND version = :version""")
			.param("therapist", moved.therapistId())
			.param("start", toSql(moved.start()))
			.param("end", toSql(moved.end()))
			.param("blockedUntil", toSql(moved.blockedUntil()))
			.param("room", moved.roomId())
			.param("id", moved.id())
			.param("version", moved.version())
			.update();
		return writtenIfOneRow(rows, moved);
	}

	/** Whether the database rejected a write because of an exclusion constraint: an overlap, not a bug. */
	static boolean isOverlap(DataIntegrityViolationException rejected) {
		return NestedExceptionUtils.getMostSpecificCause(rejected) instanceof SQLException sql
				&& EXCLUSION_VIOLATION.equals(sql.getSQLState());
	}

	private Booking writtenIfOneRow(int rows, Booking changed) {
		if (rows != 1) {
			throw new BookingChangedMeanwhile(changed);
		}
		return saw(changed.written());
	}

	/** The items of a session, locked against every other command until this transaction ends. */
	List<Booking> lockSession(UUID sessionId) {
		return sql("SELECT " + COLUMNS + " FROM bookings WHERE session_id = ? ORDER BY id FOR UPDATE")
			.param(sessionId)
			.query(Bookings::map)
			.list()
			.stream()
			.map(this::saw)
			.toList();
	}

	/** @param partitionKey the therapist ID every command about the session is keyed by: its partition writes the items */
	void addSession(UUID sessionId, UUID customerId, Instant holdExpiresAt, UUID partitionKey) {
		sql("INSERT INTO booking_sessions (id, customer_id, hold_expires_at, partition_key) VALUES (?, ?, ?, ?)")
			.params(sessionId, customerId, toSql(holdExpiresAt), partitionKey)
			.update();
	}

	/** The therapist ID the session's commands are keyed by, if there is such a session. */
	Optional<UUID> sessionPartitionKey(UUID sessionId) {
		return sql("SELECT partition_key FROM booking_sessions WHERE id = ?").param(sessionId).query(UUID.class).optional();
	}

	/** Holds of the customer that are still running at {@code at}. */
	int runningHoldsOf(UUID customerId, Instant at) {
		SeenBookings now = seen.get();
		if (now.holdsKnownOf.contains(customerId)) {
			return (int) now.ofCustomer(customerId)
				.filter(booking -> booking.status() == BookingStatus.HELD && booking.holdExpiresAt().isAfter(at))
				.count();
		}
		return sql("SELECT count(*) FROM bookings WHERE customer_id = ? AND status = 'HELD' AND hold_expires_at > ?")
			.params(customerId, toSql(at))
			.query(Integer.class)
			.single();
	}

	/** Bookings of the customer that count against their limit at {@code at}: running holds, confirmed and not ended. */
	int activeBookingsOf(UUID customerId, Instant at) {
		SeenBookings now = seen.get();
		Instant known = now.confirmedKnownAfter.get(customerId);
		if (now.holdsKnownOf.contains(customerId) && known != null && !at.isBefore(known)) {
			return (int) now.ofCustomer(customerId)
				.filter(booking -> booking.status() == BookingStatus.HELD ? booking.holdExpiresAt().isAfter(at)
						: booking.status() == BookingStatus.CONFIRMED && booking.end().isAfter(at))
				.count();
		}
		return sql("""
				SELECT count(*) FROM bookings
				 WHERE customer_id = ? AND (status = 'HELD' AND hold_expires_at > ? OR status = 'CONFIRMED' AND ends_at > ?)""")
			.params(customerId, toSql(at), toSql(at))
			.query(Integer.class)
			.single();
	}

	/**
	 * Holds of the therapist that overlap the given time, had run out by {@code at} but are still marked HELD, and are
	 * written by the partition of {@code owner}: a booking on its own by its therapist's, a session's item by the session's.
	 */
	List<Booking> runOutHoldsOverlapping(UUID therapistId, Instant from, Instant until, Instant at, UUID owner) {
		SeenBookings now = seen.get();
		Instant known = now.runOutKnownUntil.get(therapistId);
		if (known != null && !at.isAfter(known)) {
			List<Booking> runOut = now.ofTherapistDuring(therapistId, from, until)
				.filter(booking -> booking.status() == BookingStatus.HELD && !booking.holdExpiresAt().isAfter(at))
				.sorted(java.util.Comparator.comparing(Booking::id))
				.toList();
			if (runOut.stream().allMatch(booking -> booking.sessionId() == null
					|| now.sessionKeys.containsKey(booking.sessionId()))) {
				return runOut.stream()
					.filter(booking -> owner.equals(booking.sessionId() == null ? booking.therapistId()
							: now.sessionKeys.get(booking.sessionId())))
					.toList();
			}
		}
		return sql("SELECT " + COLUMNS + """
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
			.list()
			.stream()
			.map(this::saw)
			.toList();
	}

	/** Why an active booking stands in the way of this one, if one does; checked in the order a customer cares. */
	Optional<RejectionReason> obstacle(Booking hold) {
		SeenBookings now = seen.get();
		if (now.knowsEverythingInTheWayOf(hold)) {
			return now.obstacle(hold);
		}
		return obstacleInTheTable(hold);
	}

	/**
	 * The booking that stands in the way of the hold for that reason (the therapist's for {@code SLOT_TAKEN}, the
	 * customer's for {@code CUSTOMER_OVERLAP}), the earliest if there are several, to name it in the rejection.
	 */
	Optional<Booking> inTheWay(Booking hold, RejectionReason reason) {
		SeenBookings now = seen.get();
		if (now.knowsTherapistAndCustomerAround(hold)) {
			return now.inTheWay(hold, reason);
		}
		String which = reason == RejectionReason.SLOT_TAKEN
				? "therapist_id = :therapist AND during && tstzrange(:start, :blockedUntil)"
				: """
						customer_id = :customer AND coalesce(session_id, id) <> coalesce(:session, :id)
						AND tstzrange(starts_at, ends_at) && tstzrange(:start, :end)""";
		return sql("SELECT " + COLUMNS + " FROM bookings WHERE status IN ('HELD', 'CONFIRMED') AND id <> :id AND "
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
	 * What a batch already knows to stand in the way of the hold among its therapist's and customer's bookings, without
	 * asking the table; empty where it knows of nothing in the way, or does not know.
	 */
	Optional<RejectionReason> knownObstacle(Booking hold) {
		SeenBookings now = seen.get();
		return now.knowsTherapistAndCustomerAround(hold) ? now.obstacle(hold) : Optional.empty();
	}

	private Optional<RejectionReason> obstacleInTheTable(Booking hold) {
		return sql("""
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
	 * For the expiry timer: a page of the holds that had run out by {@code at}, oldest first, after the given one (null
	 * for the first page). Paging through all of them, rather than taking the oldest few, means that holds stuck behind
	 * a stalled partition cannot keep the others from being found.
	 */
	public List<RunOutHold> runOutHolds(Instant at, RunOutHold after, int limit) {
		return sql("""
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
				rs.getInt("version"));
	}

	/** Null for a booking held before prices were recorded with bookings. */
	private static Price price(ResultSet rs) throws SQLException {
		String currency = rs.getString("currency");
		return currency == null ? null : new Price(rs.getBigDecimal("price"), currency);
	}
}
