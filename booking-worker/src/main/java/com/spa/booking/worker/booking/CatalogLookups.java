package com.spa.booking.worker.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.BookingPolicy;
import com.spa.booking.schemas.Charge;
import com.spa.booking.schemas.Price;
import com.spa.booking.worker.WorkerProperties;

/**
 * The services and rooms, which the gateway's admin API maintains, kept in memory: a transaction uses them only at the
 * catalog version it read ({@link Locks#catalogVersion()}, or the batch's lock statement), and reads them all again
 * when that version is not the one kept (a trigger bumps it whenever a service or room changes). Both tables are
 * small; reading them whole costs one statement per change of the catalog.
 */
@Repository
class CatalogLookups {

	private final JdbcClient jdbc;

	private final Locks locks;

	private final String currency;

	private volatile Snapshot current;

	CatalogLookups(JdbcClient jdbc, Locks locks, WorkerProperties properties) {
		this.jdbc = jdbc;
		this.locks = locks;
		this.currency = properties.currency().getCurrencyCode();
	}

	/** The catalog at one version: services by ID, and rooms by type in the order a hold tries them (name, then ID). */
	private record Snapshot(long version, Map<UUID, Treatment> treatments, Map<String, List<UUID>> rooms) {
	}

	/** The catalog as it was at the version this transaction read. */
	private Snapshot atVersion(long version) {
		Snapshot kept = current;
		if (kept != null && kept.version() == version) {
			return kept;
		}
		// a service's own policy, else the spa's default (the row without a service)
		Map<Optional<UUID>, BookingPolicy> policies = new HashMap<>();
		jdbc.sql("SELECT * FROM booking_policies")
			.query((rs, n) -> policies.put(Optional.ofNullable(rs.getObject("service_id", UUID.class)), policy(rs)))
			.list();
		BookingPolicy spaDefault = policies.getOrDefault(Optional.empty(), BookingPolicy.LENIENT);
		Map<UUID, Treatment> treatments = new HashMap<>();
		jdbc.sql("SELECT id, duration_minutes, buffer_minutes, room_type, price FROM services")
			.query((rs, n) -> treatments.put(rs.getObject("id", UUID.class), new Treatment(rs.getObject("id", UUID.class),
					Duration.ofMinutes(rs.getInt("duration_minutes")), Duration.ofMinutes(rs.getInt("buffer_minutes")),
					rs.getString("room_type"), new Price(rs.getBigDecimal("price"), currency),
					policies.getOrDefault(Optional.of(rs.getObject("id", UUID.class)), spaDefault))))
			.list();
		Map<String, List<UUID>> rooms = new HashMap<>();
		jdbc.sql("SELECT id, room_type FROM rooms ORDER BY name, id")
			.query((rs, n) -> rooms.computeIfAbsent(rs.getString("room_type"), type -> new ArrayList<>())
				.add(rs.getObject("id", UUID.class)))
			.list();
		Snapshot read = new Snapshot(version, Map.copyOf(treatments), Map.copyOf(rooms));
		synchronized (this) {
			// versions only grow: a slower thread that read an older one must not put it back
			if (current == null || current.version() < version) {
				current = read;
			}
		}
		return read;
	}

	private static BookingPolicy policy(ResultSet rs) throws SQLException {
		return new BookingPolicy(rs.getInt("minimum_lead_minutes"), rs.getInt("free_cancellation_hours"),
				rs.getInt("reschedule_hours"), charge(rs, "late_cancellation_fee"), charge(rs, "no_show_fee"),
				charge(rs, "deposit"));
	}

	/** A charge as two columns: {@code <name>} an amount, {@code <name>_percent} a share; at most one is set. */
	private static Charge charge(ResultSet rs, String name) throws SQLException {
		int percent = rs.getInt(name + "_percent");
		Integer share = rs.wasNull() ? null : percent;
		return new Charge(rs.getBigDecimal(name), share);
	}

	Optional<Treatment> treatment(UUID serviceId) {
		return Optional.ofNullable(atVersion(locks.catalogVersion()).treatments().get(serviceId));
	}

	/** The rooms of a type, in the order a hold tries them. */
	List<UUID> rooms(String roomType) {
		return atVersion(locks.catalogVersion()).rooms().getOrDefault(roomType, List.of());
	}

	/**
	 * The service as a batch prepares: from what is kept, whatever its version, since the batch takes its locks
	 * before it reads the catalog's version. It checks afterwards ({@link #treatment(UUID)}) and locks more if needed.
	 */
	Optional<Treatment> treatmentAsKept(UUID serviceId) {
		Snapshot kept = current;
		if (kept == null) {
			kept = atVersion(jdbc.sql("SELECT version FROM catalog_version").query(Long.class).single());
		}
		return Optional.ofNullable(kept.treatments().get(serviceId));
	}
}
