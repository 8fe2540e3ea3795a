package com.spa.booking.worker.booking;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.Price;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.batch.TransactionScoped;

/**
 * Read access to therapists, customers and services, which the gateway maintains. Each is read once per transaction
 * (a batch of commands reads a service or a therapist's skills once, not once a command), and each row lock is taken
 * once and held to the end of the transaction.
 */
@Repository
class CatalogLookups {

	private final JdbcClient jdbc;

	private final TransactionScoped<Known> known = TransactionScoped.of(Known::new);

	private final String currency;

	CatalogLookups(JdbcClient jdbc, WorkerProperties properties) {
		this.jdbc = jdbc;
		this.currency = properties.currency().getCurrencyCode();
	}

	private static final class Known {

		final Map<UUID, Optional<Treatment>> treatments = new HashMap<>();

		final Map<UUID, Boolean> customersLocked = new HashMap<>();

		final Map<UUID, Boolean> therapistsLocked = new HashMap<>();

		final Map<UUID, Set<UUID>> skills = new HashMap<>();
	}

	Optional<Treatment> treatment(UUID serviceId) {
		return known.get().treatments.computeIfAbsent(serviceId, id -> jdbc
			.sql("SELECT id, duration_minutes, buffer_minutes, room_type, price FROM services WHERE id = ?")
			.param(id)
			.query((rs, n) -> new Treatment(rs.getObject("id", UUID.class),
					Duration.ofMinutes(rs.getInt("duration_minutes")), Duration.ofMinutes(rs.getInt("buffer_minutes")),
					rs.getString("room_type"), new Price(rs.getBigDecimal("price"), currency)))
			.optional());
	}

	/**
	 * Whether the customer exists, taking their holds for this transaction: holds of one customer on several therapists'
	 * partitions are counted one after the other, so the limit holds.
	 */
	boolean lockCustomerHolds(UUID customerId) {
		return known.get().customersLocked.computeIfAbsent(customerId, id -> jdbc
			.sql("SELECT 1 FROM customers WHERE id = ? FOR UPDATE")
			.param(id)
			.query(Integer.class)
			.optional()
			.isPresent());
	}

	/**
	 * Whether the therapist exists, keeping their schedule from changing until this transaction ends: a change of
	 * working hours (which locks the row for update) waits for the hold, and then sees it.
	 */
	boolean lockTherapistSchedule(UUID therapistId) {
		return known.get().therapistsLocked.computeIfAbsent(therapistId, id -> jdbc
			.sql("SELECT 1 FROM therapists WHERE id = ? FOR SHARE")
			.param(id)
			.query(Integer.class)
			.optional()
			.isPresent());
	}

	/**
	 * Locks a batch's customers and therapists in one statement each, in ID order (as every batch does, so batches
	 * on different partitions wait for each other rather than deadlock), and reads the therapists' skills.
	 */
	void prefetch(Collection<UUID> customers, Collection<UUID> therapists) {
		Known now = known.get();
		UUID[] newCustomers = unknown(customers, now.customersLocked);
		if (newCustomers.length > 0) {
			List<UUID> found = jdbc.sql("SELECT id FROM customers WHERE id = ANY(?) ORDER BY id FOR UPDATE")
				.param(newCustomers).query(UUID.class).list();
			for (UUID customer : newCustomers) {
				now.customersLocked.put(customer, found.contains(customer));
			}
		}
		UUID[] newTherapists = unknown(therapists, now.therapistsLocked);
		if (newTherapists.length > 0) {
			List<UUID> found = jdbc.sql("SELECT id FROM therapists WHERE id = ANY(?) ORDER BY id FOR SHARE")
				.param(newTherapists).query(UUID.class).list();
			for (UUID therapist : newTherapists) {
				now.therapistsLocked.put(therapist, found.contains(therapist));
				now.skills.put(therapist, new HashSet<>());
			}
			jdbc.sql("SELECT therapist_id, service_id FROM therapist_services WHERE therapist_id = ANY(?)")
				.param(newTherapists)
				.query((rs, n) -> now.skills.get(rs.getObject(1, UUID.class)).add(rs.getObject(2, UUID.class)))
				.list();
		}
	}

	private static UUID[] unknown(Collection<UUID> ids, Map<UUID, ?> known) {
		return ids.stream().filter(id -> id != null && !known.containsKey(id)).distinct().sorted().toArray(UUID[]::new);
	}

	boolean isQualified(UUID therapistId, UUID serviceId) {
		return known.get().skills.computeIfAbsent(therapistId, id -> jdbc
			.sql("SELECT service_id FROM therapist_services WHERE therapist_id = ?")
			.param(id)
			.query(UUID.class)
			.list()
			.stream()
			.collect(Collectors.toSet())).contains(serviceId);
	}
}
