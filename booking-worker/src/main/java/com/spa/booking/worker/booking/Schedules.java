package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.toSql;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.calendar.WorkingInterval;
import com.spa.booking.schemas.RejectionReason;

/** Read access to working hours, time off and closures, which the gateway's admin API maintains. */
@Repository
class Schedules {

	private final JdbcClient jdbc;

	Schedules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<WorkingInterval> week(UUID therapistId) {
		return jdbc.sql("SELECT day_of_week, starts_at, ends_at FROM working_hours WHERE therapist_id = ?")
			.param(therapistId)
			.query((rs, n) -> WorkingInterval.of(DayOfWeek.of(rs.getInt("day_of_week")),
					rs.getObject("starts_at", LocalTime.class), rs.getObject("ends_at", LocalTime.class)))
			.list();
	}

	/** A closure of the spa wins over the therapist's own time off: it says more. */
	Optional<RejectionReason> away(UUID therapistId, Instant from, Instant until) {
		return jdbc.sql("""
				SELECT therapist_id IS NULL AS closed FROM time_off
				 WHERE (therapist_id = ? OR therapist_id IS NULL) AND during && tstzrange(?, ?)
				 ORDER BY therapist_id NULLS FIRST LIMIT 1""")
			.params(therapistId, toSql(from), toSql(until))
			.query(Boolean.class)
			.optional()
			.map(closed -> closed ? RejectionReason.SPA_CLOSED : RejectionReason.THERAPIST_TIME_OFF);
	}
}
