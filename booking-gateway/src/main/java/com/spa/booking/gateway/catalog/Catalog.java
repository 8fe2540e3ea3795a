package com.spa.booking.gateway.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Therapists and services, as front ends list them and as requests must name them. */
@Repository
public class Catalog {

	private final JdbcClient jdbc;

	Catalog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record Therapist(UUID therapistId, String name) {
	}

	public record SpaService(UUID serviceId, String name, int durationMinutes, int bufferMinutes, BigDecimal price) {
	}

	List<Therapist> therapists() {
		return jdbc.sql("SELECT id AS therapist_id, name FROM therapists ORDER BY name").query(Therapist.class).list();
	}

	List<SpaService> services() {
		return jdbc.sql("""
				SELECT id AS service_id, name, duration_minutes, buffer_minutes, price
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

	private boolean exists(String table, UUID id) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE id = ?)").param(id).query(Boolean.class).single();
	}
}
