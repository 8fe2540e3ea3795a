package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.instant;
import static com.spa.booking.support.SqlTimes.toSql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.WaitlistStatus;

/**
 * The waitlist's table, as SQL; only the worker writes it (the gateway reads {@code waitlist_overview}). An entry is
 * written by the customer's partition and by every partition that may offer it a time, so each change of its status is
 * a compare-and-set on the status it was decided from: of two partitions deciding at once, the second's update finds
 * the row changed, changes nothing, and it decides again.
 */
@Repository
class WaitlistEntries {

	private static final String COLUMNS = """
			id, customer_id, service_id, therapist_id, day, earliest_start, latest_start, status, position,
			offered_booking_id, offer_expires_at, joined_at""";

	private final JdbcClient jdbc;

	WaitlistEntries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a new entry at the end of the line.
	 *
	 * @return the entry with its place in line; empty if an entry with its ID exists already
	 */
	Optional<WaitlistEntry> insert(WaitlistEntry entry) {
		return jdbc.sql("""
				INSERT INTO waitlist_entries (id, customer_id, service_id, therapist_id, day, earliest_start, latest_start,
				                              status, joined_at, changed_at)
				VALUES (:id, :customer, :service, :therapist, :day, :earliest, :latest, :status, :joined, :joined)
				ON CONFLICT (id) DO NOTHING
				RETURNING position""")
			.param("id", entry.id())
			.param("customer", entry.customerId())
			.param("service", entry.serviceId())
			.param("therapist", entry.therapistId())
			.param("day", entry.day())
			.param("earliest", toSql(entry.earliestStart()))
			.param("latest", toSql(entry.latestStart()))
			.param("status", entry.status().name())
			.param("joined", toSql(entry.joinedAt()))
			.query(Long.class)
			.optional()
			.map(entry::at);
	}

	Optional<WaitlistEntry> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM waitlist_entries WHERE id = ?").param(id).query(WaitlistEntries::map)
			.optional();
	}

	/** The customer's entries that are waiting or offered: what counts against their limit. */
	int openEntriesOf(UUID customerId) {
		return jdbc.sql("SELECT count(*) FROM waitlist_entries WHERE customer_id = ? AND status IN ('WAITING', 'OFFERED')")
			.param(customerId)
			.query(Integer.class)
			.single();
	}

	/**
	 * The entries in line for a time of the therapist freed up until {@code until}: waiting, on one of the days, for
	 * the therapist or any therapist, with a window that opens before the freed time ends; in line order. One query on
	 * the partial index of waiting entries, which is all a release costs when nobody waits. The service and how far
	 * the window reaches are for the caller to check, against the catalog it keeps.
	 */
	List<WaitlistEntry> waitingFor(UUID therapistId, Collection<LocalDate> days, Instant until) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM waitlist_entries
				WHERE status = 'WAITING' AND day = ANY(:days) AND earliest_start < :until
				  AND (therapist_id IS NULL OR therapist_id = :therapist)
				ORDER BY position""")
			.param("days", days.stream().map(java.sql.Date::valueOf).toArray(java.sql.Date[]::new))
			.param("until", toSql(until))
			.param("therapist", therapistId)
			.query(WaitlistEntries::map)
			.list();
	}

	/**
	 * Writes a change of the entry, if the row still has the status the change was decided from.
	 *
	 * @return whether it was written: false if another transaction changed the entry first (the caller decides again)
	 */
	boolean write(WaitlistEntry before, WaitlistEntry after, Instant at) {
		return jdbc.sql("""
				UPDATE waitlist_entries SET status = :status, offered_booking_id = :booking, offer_expires_at = :expires,
				       changed_at = :at
				 WHERE id = :id AND status = :before""")
			.param("status", after.status().name())
			.param("booking", after.offeredBookingId())
			.param("expires", toSql(after.offerExpiresAt()))
			.param("at", toSql(at))
			.param("id", after.id())
			.param("before", before.status().name())
			.update() == 1;
	}

	/** Entries waiting now, for the gauge. */
	long countWaiting() {
		return jdbc.sql("SELECT count(*) FROM waitlist_entries WHERE status = 'WAITING'").query(Long.class).single();
	}

	private static WaitlistEntry map(ResultSet rs, int row) throws SQLException {
		return new WaitlistEntry(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
				rs.getObject("service_id", UUID.class), rs.getObject("therapist_id", UUID.class),
				rs.getObject("day", LocalDate.class), instant(rs, "earliest_start"), instant(rs, "latest_start"),
				WaitlistStatus.valueOf(rs.getString("status")), rs.getLong("position"),
				rs.getObject("offered_booking_id", UUID.class), instant(rs, "offer_expires_at"),
				instant(rs, "joined_at"));
	}
}
