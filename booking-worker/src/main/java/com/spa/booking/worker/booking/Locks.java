package com.spa.booking.worker.booking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.transaction.TransactionScoped;

/**
 * The locks a command's transaction takes before it decides, each held until the transaction ends, and what they tell:
 * <ul>
 * <li>a customer: an advisory lock on the customer's ID, so that holds of one customer on several partitions are
 * counted one after the other and the limits are exact (no row is written for it, unlike {@code FOR UPDATE});
 * <li>a therapist's schedule: the therapist's row {@code FOR SHARE}, which a change of hours or time off locks
 * {@code FOR UPDATE}, so a hold and such a change never pass each other unseen; the row's {@code schedule_version}
 * tells whether the schedule the worker keeps in memory is current;
 * <li>the rooms of a type on a local day: an advisory lock, so that batches on different partitions that choose rooms
 * in memory never choose the same one.
 * </ul>
 * A batch takes them all in one statement, in one order (customers, then rooms, by key; then therapists by ID), as
 * every transaction does, so that transactions wait for each other rather than deadlock. The statement also reads the
 * catalog's version and which customers exist.
 */
@Repository
class Locks {

	/** Advisory lock keys: the kind in the upper 32 bits, a hash in the lower. */
	private static final long CUSTOMER = 1L << 32;

	private static final long ROOMS = 2L << 32;

	private final JdbcClient jdbc;

	private final ZoneId zone;

	private final TransactionScoped<Held> held = TransactionScoped.of(Held::new);

	/** Customers are never deleted: one seen is not asked about again. */
	private final Set<UUID> customersSeen = ConcurrentHashMap.newKeySet();

	Locks(JdbcClient jdbc, SharedSettings settings) {
		this.jdbc = jdbc;
		this.zone = settings.zone();
	}

	private static final class Held {

		final Map<UUID, Boolean> customers = new HashMap<>();

		/** The schedule versions of the therapists locked, or empty for one that does not exist. */
		final Map<UUID, OptionalLong> therapists = new HashMap<>();

		final Set<Long> roomDays = new HashSet<>();

		Long catalogVersion;
	}

	/** What a batch's lock statement found: the catalog's version, the customers that exist, the therapists' versions. */
	record Locked(long catalogVersion, Map<UUID, OptionalLong> therapists) {
	}

	/**
	 * Takes a batch's locks in one statement: its customers, the rooms of the types and days its holds need, its
	 * therapists.
	 *
	 * @param roomDays the room types and local days, as {@link #roomDays(String, Instant, Instant)} gives them
	 */
	Locked lockForBatch(Collection<UUID> customers, Collection<UUID> therapists, Collection<Long> roomDays) {
		Held now = held.get();
		TreeSet<Long> keys = new TreeSet<>();
		customers.stream().filter(id -> !now.customers.containsKey(id)).forEach(id -> keys.add(customerKey(id)));
		roomDays.stream().filter(key -> !now.roomDays.contains(key)).forEach(keys::add);
		UUID[] unknownCustomers = customers.stream()
			.filter(id -> !now.customers.containsKey(id) && !customersSeen.contains(id))
			.distinct()
			.toArray(UUID[]::new);
		UUID[] newTherapists = therapists.stream().filter(id -> !now.therapists.containsKey(id)).distinct()
			.toArray(UUID[]::new);
		Set<UUID> found = new HashSet<>();
		jdbc.sql("""
				SELECT 'locked' AS kind, CAST(NULL AS uuid) AS id, count(pg_advisory_xact_lock(key)) AS version
				  FROM unnest(CAST(:keys AS bigint[])) AS key
				UNION ALL
				SELECT 'catalog', CAST(NULL AS uuid), version FROM catalog_version
				UNION ALL
				SELECT 'customer', id, 0 FROM customers WHERE id = ANY(:customers)
				UNION ALL
				SELECT 'therapist', id, schedule_version
				  FROM (SELECT id, schedule_version FROM therapists WHERE id = ANY(:therapists) ORDER BY id FOR SHARE) t""")
			.param("keys", keys.toArray(Long[]::new))
			.param("customers", unknownCustomers)
			.param("therapists", newTherapists)
			.query((rs, n) -> {
				switch (rs.getString("kind")) {
					case "catalog" -> now.catalogVersion = rs.getLong("version");
					case "customer" -> found.add(rs.getObject("id", UUID.class));
					case "therapist" -> now.therapists.put(rs.getObject("id", UUID.class),
							OptionalLong.of(rs.getLong("version")));
					default -> {
					}
				}
				return null;
			})
			.list();
		customersSeen.addAll(found);
		for (UUID customer : customers) {
			now.customers.computeIfAbsent(customer, customersSeen::contains);
		}
		for (UUID therapist : newTherapists) {
			now.therapists.putIfAbsent(therapist, OptionalLong.empty());
		}
		now.roomDays.addAll(roomDays);
		return new Locked(now.catalogVersion, now.therapists);
	}

	/** The room days not yet locked in this transaction: a batch whose catalog changed under it may need more. */
	void lockRoomDays(Collection<Long> roomDays) {
		Held now = held.get();
		Long[] keys = new TreeSet<>(roomDays).stream().filter(key -> !now.roomDays.contains(key)).toArray(Long[]::new);
		if (keys.length == 0) {
			return;
		}
		jdbc.sql("SELECT count(pg_advisory_xact_lock(key)) FROM unnest(CAST(? AS bigint[])) AS key")
			.param(keys)
			.query(Long.class)
			.single();
		now.roomDays.addAll(List.of(keys));
	}

	/** Whether this transaction holds the lock of the rooms of the type on every local day the time touches. */
	boolean holdsRooms(String roomType, Instant from, Instant until) {
		return held.get().roomDays.containsAll(roomDays(roomType, from, until));
	}

	/**
	 * Whether the customer exists, locking their holds for this transaction: holds of one customer on several
	 * therapists' partitions are counted one after the other, so the limits hold.
	 */
	boolean lockCustomer(UUID customerId) {
		return held.get().customers.computeIfAbsent(customerId, id -> {
			boolean exists = jdbc.sql("""
					SELECT pg_advisory_xact_lock(?) IS NULL OR EXISTS (SELECT 1 FROM customers WHERE id = ?)""")
				.params(customerKey(id), id)
				.query(Boolean.class)
				.single();
			// the lock's IS NULL is never true: it only makes the lock part of the one statement
			if (exists) {
				customersSeen.add(id);
			}
			return exists;
		});
	}

	/**
	 * Keeps the therapist's schedule from changing until this transaction ends: a change of working hours (which
	 * locks the row for update) waits for the hold, and then sees it.
	 *
	 * @return the version of the therapist's schedule, empty if there is no such therapist
	 */
	OptionalLong lockTherapist(UUID therapistId) {
		return held.get().therapists.computeIfAbsent(therapistId, id -> jdbc
			.sql("SELECT schedule_version FROM therapists WHERE id = ? FOR SHARE")
			.param(id)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElse(OptionalLong.empty()));
	}

	/** The catalog's version as this transaction reads it. */
	long catalogVersion() {
		Held now = held.get();
		if (now.catalogVersion == null) {
			now.catalogVersion = jdbc.sql("SELECT version FROM catalog_version").query(Long.class).single();
		}
		return now.catalogVersion;
	}

	/** The lock keys of the rooms of a type on every local day that {@code [from, until)} touches. */
	Set<Long> roomDays(String roomType, Instant from, Instant until) {
		Set<Long> keys = new HashSet<>();
		LocalDate last = until.minusNanos(1).atZone(zone).toLocalDate();
		for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
			keys.add(ROOMS | ((roomType + "/" + day).hashCode() & 0xffffffffL));
		}
		return keys;
	}

	private static long customerKey(UUID customerId) {
		return CUSTOMER | (customerId.hashCode() & 0xffffffffL);
	}

	/** Whether the batch found the customer, or one seen before. */
	boolean customerExists(UUID customerId) {
		return Optional.ofNullable(held.get().customers.get(customerId)).orElse(false);
	}
}
