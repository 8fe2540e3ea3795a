package com.spa.booking.gateway.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.spa.booking.gateway.web.Problems.FieldError;

/**
 * Therapists and services, as front ends list them and as requests must name them.
 *
 * <p>Every hold asks whether its customer, therapist and service exist. The application never deletes any of them, so
 * an ID found once is remembered (up to {@value #REMEMBERED} of each kind) and not asked again. An ID not found is
 * asked every time: a customer registered a moment ago, or a therapist just added, must be found at once. Should the
 * application ever delete one of them, it must forget the ID here as well.
 */
@Repository
public class CatalogQueries {

	static final int REMEMBERED = 100_000;

	private final JdbcClient jdbc;

	private final Cache<UUID, Boolean> therapists;

	private final Cache<UUID, Boolean> services;

	private final Cache<UUID, Boolean> customers;

	@Autowired
	CatalogQueries(JdbcClient jdbc) {
		this(jdbc, REMEMBERED);
	}

	/** @param remembered how many IDs of each kind are remembered as existing */
	CatalogQueries(JdbcClient jdbc, int remembered) {
		this.jdbc = jdbc;
		this.therapists = remembering(remembered);
		this.services = remembering(remembered);
		this.customers = remembering(remembered);
	}

	/** Kept to its size on the thread that adds (no pool involved): adding happens once per ID, and costs little. */
	private static Cache<UUID, Boolean> remembering(int remembered) {
		return Caffeine.newBuilder().maximumSize(remembered).executor(Runnable::run).build();
	}

	/** @param serviceIds the services the therapist is qualified for */
	public record Therapist(UUID therapistId, String name, List<UUID> serviceIds) {
	}

	/** @param roomType the kind of room the service needs, null for none */
	public record SpaService(UUID serviceId, String name, int durationMinutes, int bufferMinutes, BigDecimal price,
			String roomType) {
	}

	List<Therapist> therapists() {
		return jdbc.sql("""
				SELECT t.id, t.name, array_remove(array_agg(s.service_id ORDER BY s.service_id), NULL) AS service_ids
				  FROM therapists t LEFT JOIN therapist_services s ON s.therapist_id = t.id
				 GROUP BY t.id, t.name ORDER BY t.name""")
			.query((rs, n) -> new Therapist(rs.getObject("id", UUID.class), rs.getString("name"),
					List.of((UUID[]) rs.getArray("service_ids").getArray())))
			.list();
	}

	List<SpaService> services() {
		return jdbc.sql("""
				SELECT id AS service_id, name, duration_minutes, buffer_minutes, price, room_type
				  FROM services ORDER BY duration_minutes, name""").query(SpaService.class).list();
	}

	public boolean hasTherapist(UUID therapistId) {
		return exists(therapists, "therapists", therapistId);
	}

	public boolean hasService(UUID serviceId) {
		return exists(services, "services", serviceId);
	}

	public boolean hasCustomer(UUID customerId) {
		return exists(customers, "customers", customerId);
	}

	/**
	 * What a requested treatment names that the catalog does not have, as field errors.
	 *
	 * @param at where the request names them, such as {@code ""} or {@code "items[2]."}
	 */
	public List<FieldError> unknownIn(String at, UUID therapistId, UUID serviceId) {
		List<FieldError> unknown = new ArrayList<>();
		if (!hasTherapist(therapistId)) {
			unknown.add(new FieldError(at + "therapistId", "no such therapist"));
		}
		if (!hasService(serviceId)) {
			unknown.add(new FieldError(at + "serviceId", "no such service"));
		}
		return unknown;
	}

	/** Only what exists is remembered: what does not may be added at any moment. */
	private boolean exists(Cache<UUID, Boolean> known, String table, UUID id) {
		if (known.getIfPresent(id) != null) {
			return true;
		}
		boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)").param(id)
			.query(Boolean.class).single();
		if (exists) {
			known.put(id, Boolean.TRUE);
		}
		return exists;
	}
}
