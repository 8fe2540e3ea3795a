package com.spa.booking.gateway.waitlist;

import static com.spa.booking.support.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.WaitlistStatus;
import com.spa.booking.support.SharedSettings;

/**
 * The worker's waitlist, read through its read contract ({@code waitlist_overview}, migration V17). The gateway never
 * writes entries: only commands change them.
 */
@Repository
class WaitlistViews {

	private static final String SELECT = """
			SELECT id, position, customer_id, service_id, therapist_id, day, earliest_start, latest_start, status,
			       offered_booking_id, offer_expires_at, joined_at
			  FROM waitlist_overview""";

	/** More than a customer could keep open (the worker's limit) plus a long tail of closed ones. */
	private static final int CUSTOMER_LIMIT = 100;

	/** A day's line is short in any spa; this only bounds an answer. */
	private static final int DAY_LIMIT = 1000;

	private final JdbcClient jdbc;

	private final ZoneId zone;

	WaitlistViews(JdbcClient jdbc, SharedSettings settings) {
		this.jdbc = jdbc;
		this.zone = settings.zone();
	}

	Optional<WaitlistEntryView> find(UUID entryId) {
		return jdbc.sql(SELECT + " WHERE id = ?").param(entryId).query(this::map).optional();
	}

	/** The entry a hold was offered to, if it was a waitlist offer. */
	Optional<WaitlistEntryView> offeredWith(UUID bookingId) {
		return jdbc.sql(SELECT + " WHERE offered_booking_id = ?").param(bookingId).query(this::map).optional();
	}

	/** The customer's entries, newest first. */
	List<WaitlistEntryView> ofCustomer(UUID customerId) {
		return jdbc.sql(SELECT + " WHERE customer_id = ? ORDER BY position DESC LIMIT ?")
			.params(customerId, CUSTOMER_LIMIT)
			.query(this::map)
			.list();
	}

	/** Every entry of the day, in line order. */
	List<WaitlistEntryView> ofDay(LocalDate day) {
		return jdbc.sql(SELECT + " WHERE day = ? ORDER BY position LIMIT ?").params(day, DAY_LIMIT).query(this::map).list();
	}

	private WaitlistEntryView map(ResultSet rs, int row) throws SQLException {
		Instant earliest = instant(rs, "earliest_start");
		Instant latest = instant(rs, "latest_start");
		return new WaitlistEntryView(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
				rs.getObject("service_id", UUID.class), rs.getObject("therapist_id", UUID.class),
				rs.getObject("day", LocalDate.class), earliest.atZone(zone).toLocalTime(),
				latest.atZone(zone).toLocalTime(), earliest, latest, WaitlistStatus.valueOf(rs.getString("status")),
				rs.getLong("position"), rs.getObject("offered_booking_id", UUID.class), instant(rs, "offer_expires_at"),
				instant(rs, "joined_at"));
	}
}
