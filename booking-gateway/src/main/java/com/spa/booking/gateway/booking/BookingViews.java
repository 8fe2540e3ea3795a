package com.spa.booking.gateway.booking;

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
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Price;

/**
 * The worker's bookings, read through its read contract ({@code booking_overview}, {@code session_overview}). The
 * gateway never writes bookings: only commands change them.
 */
@Repository
public class BookingViews {

	private static final String SELECT = """
			SELECT id, customer_id, therapist_id, service_id, starts_at, ends_at, status, hold_expires_at, room_id,
			       session_id, price, currency, policy
			  FROM booking_overview""";

	private final JdbcClient jdbc;

	BookingViews(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<BookingView> find(UUID bookingId) {
		return jdbc.sql(SELECT + " WHERE id = ?").param(bookingId).query(BookingViews::map).optional();
	}

	/** The items of a session, in the order they were added. */
	public List<BookingView> ofSession(UUID sessionId) {
		return jdbc.sql(SELECT + " WHERE session_id = ? ORDER BY starts_at, id").param(sessionId).query(BookingViews::map).list();
	}

	/** The therapist ID every command about the session is keyed by, as the worker keeps it; empty for no such session. */
	public Optional<UUID> sessionPartitionKey(UUID sessionId) {
		return jdbc.sql("SELECT owner FROM session_overview WHERE id = ?").param(sessionId).query(UUID.class).optional();
	}

	/**
	 * The therapist's bookings whose treatment overlaps {@code [from, to)}, in every status, by start and ID: up to
	 * {@code limit} of those after {@code after} (from the first if null).
	 */
	List<BookingView> overlapping(UUID therapistId, Instant from, Instant to, Keyset after, int limit) {
		return jdbc.sql(SELECT + " WHERE therapist_id = :owner AND starts_at < :to AND ends_at > :from" + AFTER.apply(after)
				+ " ORDER BY starts_at, id LIMIT :limit")
			.param("owner", therapistId)
			.param("from", toSql(from))
			.param("to", toSql(to))
			.params(keyset(after))
			.param("limit", limit)
			.query(BookingViews::map)
			.list();
	}

	/** The customer's bookings, in every status, by start and ID: up to {@code limit} of those after {@code after}. */
	List<BookingView> ofCustomer(UUID customerId, Keyset after, int limit) {
		return jdbc.sql(SELECT + " WHERE customer_id = :owner" + AFTER.apply(after) + " ORDER BY starts_at, id LIMIT :limit")
			.param("owner", customerId)
			.params(keyset(after))
			.param("limit", limit)
			.query(BookingViews::map)
			.list();
	}

	/** Row comparison: the bookings after the keyset, in the order of (starts_at, id). */
	private static final java.util.function.Function<Keyset, String> AFTER = after -> after == null ? ""
			: " AND (starts_at, id) > (:afterStart, :afterId)";

	private static java.util.Map<String, Object> keyset(Keyset after) {
		return after == null ? java.util.Map.of()
				: java.util.Map.of("afterStart", toSql(after.start()), "afterId", after.bookingId());
	}

	private static BookingView map(ResultSet rs, int row) throws SQLException {
		return new BookingView(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
				rs.getObject("therapist_id", UUID.class), rs.getObject("service_id", UUID.class),
				instant(rs, "starts_at"), instant(rs, "ends_at"), BookingStatus.valueOf(rs.getString("status")),
				instant(rs, "hold_expires_at"), rs.getObject("room_id", UUID.class), rs.getObject("session_id", UUID.class),
				rs.getString("currency") == null ? null : new Price(rs.getBigDecimal("price"), rs.getString("currency")),
				rs.getString("policy") == null ? null : Messages.policy(rs.getString("policy")));
	}
}
