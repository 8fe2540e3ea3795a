package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.calendar.WorkingInterval;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.batch.TransactionScoped;

/**
 * Read access to working hours, time off and closures, which the gateway's admin API maintains. A therapist's are
 * read once per transaction, after the therapist's row is locked against changes ({@link CatalogLookups}), and the spa's
 * closures once.
 */
@Repository
class ScheduleLookups {

	private final JdbcClient jdbc;

	private final TransactionScoped<Known> known = TransactionScoped.of(Known::new);

	ScheduleLookups(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private static final class Known {

		final Map<UUID, List<WorkingInterval>> weeks = new HashMap<>();

		final Map<UUID, List<Away>> timeOff = new HashMap<>();

		List<Away> closures;
	}

	/**
	 * A stretch of time off, as stored: a range whose ends may be open (null) or inclusive.
	 */
	private record Away(Instant from, boolean fromIncluded, Instant until, boolean untilIncluded) {

		/** Whether it meets {@code [start, end)}, as PostgreSQL's {@code &&} would say. */
		boolean meets(Instant start, Instant end) {
			boolean beginsBeforeTheEnd = from == null || from.isBefore(end);
			boolean endsAfterTheStart = until == null || until.isAfter(start) || until.equals(start) && untilIncluded;
			return beginsBeforeTheEnd && endsAfterTheStart;
		}

		static Away of(ResultSet rs, int row) throws SQLException {
			return new Away(instant(rs, "from_"), rs.getBoolean("from_included"), instant(rs, "until_"),
					rs.getBoolean("until_included"));
		}
	}

	private static final String AWAY = """
			SELECT lower(during) AS from_, lower_inc(during) AS from_included, upper(during) AS until_,
			       upper_inc(during) AS until_included
			  FROM time_off WHERE """;

	/** The working hours and time off of a batch's therapists, in one statement each. */
	void prefetch(Collection<UUID> therapists) {
		Known now = known.get();
		UUID[] unknown = therapists.stream().filter(id -> id != null && !now.weeks.containsKey(id)).distinct()
			.toArray(UUID[]::new);
		if (unknown.length == 0) {
			return;
		}
		for (UUID therapist : unknown) {
			now.weeks.put(therapist, new ArrayList<>());
			now.timeOff.put(therapist, new ArrayList<>());
		}
		jdbc.sql("SELECT therapist_id, day_of_week, starts_at, ends_at FROM working_hours WHERE therapist_id = ANY(?)")
			.param(unknown)
			.query((rs, n) -> now.weeks.get(rs.getObject("therapist_id", UUID.class))
				.add(WorkingInterval.of(DayOfWeek.of(rs.getInt("day_of_week")), rs.getObject("starts_at", LocalTime.class),
						rs.getObject("ends_at", LocalTime.class))))
			.list();
		jdbc.sql(AWAY.replace("SELECT ", "SELECT therapist_id, ") + " therapist_id = ANY(?)")
			.param(unknown)
			.query((rs, n) -> now.timeOff.get(rs.getObject("therapist_id", UUID.class)).add(Away.of(rs, n)))
			.list();
	}

	List<WorkingInterval> week(UUID therapistId) {
		return known.get().weeks.computeIfAbsent(therapistId, id -> jdbc
			.sql("SELECT day_of_week, starts_at, ends_at FROM working_hours WHERE therapist_id = ?")
			.param(id)
			.query((rs, n) -> WorkingInterval.of(DayOfWeek.of(rs.getInt("day_of_week")),
					rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class)))
			.list());
	}

	/** A closure of the spa wins over the therapist's own time off: it says more. */
	Optional<RejectionReason> away(UUID therapistId, Instant from, Instant until) {
		Known now = known.get();
		if (now.closures == null) {
			now.closures = jdbc.sql(AWAY + " therapist_id IS NULL").query(Away::of).list();
		}
		if (now.closures.stream().anyMatch(closure -> closure.meets(from, until))) {
			return Optional.of(RejectionReason.SPA_CLOSED);
		}
		List<Away> timeOff = now.timeOff.computeIfAbsent(therapistId,
				id -> jdbc.sql(AWAY + " therapist_id = ?").param(id).query(Away::of).list());
		return timeOff.stream().anyMatch(away -> away.meets(from, until)) ? Optional.of(RejectionReason.THERAPIST_TIME_OFF)
				: Optional.empty();
	}
}
