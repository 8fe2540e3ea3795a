package com.spa.booking.gateway.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.gateway.web.Problems.FieldError;

/** Therapists and services, as front ends list them and as requests must name them. */
@Repository
public class Catalog {

	private final JdbcClient jdbc;

	Catalog(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
		return exists("therapists", therapistId);
	}

	public boolean hasService(UUID serviceId) {
		return exists("services", serviceId);
	}

	public boolean hasCustomer(UUID customerId) {
		return exists("customers", customerId);
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

	private boolean exists(String table, UUID id) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)").param(id).query(Boolean.class).single();
	}
}
