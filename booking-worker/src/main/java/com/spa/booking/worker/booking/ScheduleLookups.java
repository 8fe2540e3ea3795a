package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.calendar.WorkingInterval;
import com.spa.booking.schemas.RejectionReason;

/**
 * The therapists' schedules (the services they perform, their working hours, their time off and the spa's closures),
 * which the gateway's admin API maintains, kept in memory. A transaction uses a therapist's only at the version it read
 * when it locked the therapist ({@link Locks#lockTherapist(UUID)}): a trigger bumps the version with every change of
 * them, and a change locks the therapist's row first, so the version read under the lock is the schedule that stands
 * until the transaction ends. A schedule kept at another version is read again, a batch's all in three statements.
 */
@Repository
class ScheduleLookups {

	private final JdbcClient jdbc;

	private final Locks locks;

	private final Map<UUID, Schedule> kept = new ConcurrentHashMap<>();

	ScheduleLookups(JdbcClient jdbc, Locks locks) {
		this.jdbc = jdbc;
		this.locks = locks;
	}

	/** A therapist's schedule at one version; {@code away} holds the spa's closures too. */
	private record Schedule(long version, Set<UUID> services, List<WorkingInterval> week, List<Away> away) {
	}

	/**
	 * A stretch of time off, as stored: a range whose ends may be open (null) or inclusive; {@code closure} for the
	 * whole spa.
	 */
	private record Away(Instant from, boolean fromIncluded, Instant until, boolean untilIncluded, boolean closure) {

		/** Whether it meets {@code [start, end)}, as PostgreSQL's {@code &&} would say. */
		boolean meets(Instant start, Instant end) {
			boolean beginsBeforeTheEnd = from == null || from.isBefore(end);
			boolean endsAfterTheStart = until == null || until.isAfter(start) || until.equals(start) && untilIncluded;
			return beginsBeforeTheEnd && endsAfterTheStart;
		}

		static Away of(ResultSet rs, int row) throws SQLException {
			return new Away(instant(rs, "from_"), rs.getBoolean("from_included"), instant(rs, "until_"),
					rs.getBoolean("until_included"), rs.getObject("therapist_id") == null);
		}
	}

	/**
	 * Reads again, in one statement each for skills, hours and time off, the schedules kept at another version.
	 *
	 * @return the schedules read
	 */
	Map<UUID, Schedule> refresh(Map<UUID, OptionalLong> versions) {
		Map<UUID, Long> stale = new HashMap<>();
		versions.forEach((therapist, version) -> {
			if (version.isPresent() && !isKept(therapist, version.getAsLong())) {
				stale.put(therapist, version.getAsLong());
			}
		});
		if (stale.isEmpty()) {
			return Map.of();
		}
		UUID[] therapists = stale.keySet().toArray(UUID[]::new);
		Map<UUID, Set<UUID>> services = new HashMap<>();
		Map<UUID, List<WorkingInterval>> weeks = new HashMap<>();
		Map<UUID, List<Away>> away = new HashMap<>();
		for (UUID therapist : therapists) {
			services.put(therapist, new HashSet<>());
			weeks.put(therapist, new ArrayList<>());
			away.put(therapist, new ArrayList<>());
		}
		jdbc.sql("SELECT therapist_id, service_id FROM therapist_services WHERE therapist_id = ANY(?)")
			.param(therapists)
			.query((rs, n) -> services.get(rs.getObject(1, UUID.class)).add(rs.getObject(2, UUID.class)))
			.list();
		jdbc.sql("SELECT therapist_id, day_of_week, starts_at, ends_at FROM working_hours WHERE therapist_id = ANY(?)")
			.param(therapists)
			.query((rs, n) -> weeks.get(rs.getObject("therapist_id", UUID.class))
				.add(WorkingInterval.of(DayOfWeek.of(rs.getInt("day_of_week")), rs.getObject("starts_at", LocalTime.class),
						rs.getObject("ends_at", LocalTime.class))))
			.list();
		List<Away> closures = new ArrayList<>();
		jdbc.sql("""
				SELECT therapist_id, lower(during) AS from_, lower_inc(during) AS from_included, upper(during) AS until_,
				       upper_inc(during) AS until_included
				  FROM time_off WHERE therapist_id = ANY(?) OR therapist_id IS NULL""")
			.param(therapists)
			.query((rs, n) -> {
				Away stretch = Away.of(rs, n);
				if (stretch.closure()) {
					closures.add(stretch);
				}
				else {
					away.get(rs.getObject("therapist_id", UUID.class)).add(stretch);
				}
				return stretch;
			})
			.list();
		Map<UUID, Schedule> read = new HashMap<>();
		for (UUID therapist : therapists) {
			List<Away> all = new ArrayList<>(closures);
			all.addAll(away.get(therapist));
			Schedule schedule = new Schedule(stale.get(therapist), Set.copyOf(services.get(therapist)),
					List.copyOf(weeks.get(therapist)), List.copyOf(all));
			read.put(therapist, schedule);
			// versions only grow: a slower thread that read an older one must not put it back
			kept.merge(therapist, schedule, (before, now) -> now.version() >= before.version() ? now : before);
		}
		return read;
	}

	private boolean isKept(UUID therapist, long version) {
		Schedule schedule = kept.get(therapist);
		return schedule != null && schedule.version() == version;
	}

	/** The therapist's schedule as this transaction locked it; the therapist must exist. */
	private Schedule schedule(UUID therapistId) {
		OptionalLong version = locks.lockTherapist(therapistId);
		if (version.isEmpty()) {
			throw new IllegalStateException("No therapist " + therapistId + " to read the schedule of");
		}
		Schedule schedule = kept.get(therapistId);
		if (schedule == null || schedule.version() != version.getAsLong()) {
			schedule = refresh(Map.of(therapistId, version)).get(therapistId);
		}
		return schedule;
	}

	boolean isQualified(UUID therapistId, UUID serviceId) {
		return schedule(therapistId).services().contains(serviceId);
	}

	List<WorkingInterval> week(UUID therapistId) {
		return schedule(therapistId).week();
	}

	/** A closure of the spa wins over the therapist's own time off: it says more. */
	Optional<RejectionReason> away(UUID therapistId, Instant from, Instant until) {
		List<Away> away = schedule(therapistId).away();
		if (away.stream().anyMatch(stretch -> stretch.closure() && stretch.meets(from, until))) {
			return Optional.of(RejectionReason.SPA_CLOSED);
		}
		return away.stream().anyMatch(stretch -> stretch.meets(from, until))
				? Optional.of(RejectionReason.THERAPIST_TIME_OFF) : Optional.empty();
	}
}
