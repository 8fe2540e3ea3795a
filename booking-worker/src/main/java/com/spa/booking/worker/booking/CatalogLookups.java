package com.spa.booking.worker.booking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
		Map<UUID, Treatment> treatments = new HashMap<>();
		jdbc.sql("SELECT id, duration_minutes, buffer_minutes, room_type, price FROM services")
			.query((rs, n) -> treatments.put(rs.getObject("id", UUID.class), new Treatment(rs.getObject("id", UUID.class),
					Duration.ofMinutes(rs.getInt("duration_minutes")), Duration.ofMinutes(rs.getInt("buffer_minutes")),
					rs.getString("room_type"), new Price(rs.getBigDecimal("price"), currency))))
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
