package com.spa.booking.worker.booking;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read access to therapists, customers and services, which the gateway maintains. */
@Repository
class Catalog {

	private final JdbcClient jdbc;

	Catalog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Treatment> treatment(UUID serviceId) {
		return jdbc.sql("SELECT id, duration_minutes, buffer_minutes FROM services WHERE id = ?")
			.param(serviceId)
			.query((rs, n) -> new Treatment(rs.getObject("id", UUID.class),
					Duration.ofMinutes(rs.getInt("duration_minutes")), Duration.ofMinutes(rs.getInt("buffer_minutes"))))
			.optional();
	}

	boolean hasCustomer(UUID customerId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?)").param(customerId).query(Boolean.class).single();
	}

	boolean hasTherapist(UUID therapistId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM therapists WHERE id = ?)").param(therapistId).query(Boolean.class).single();
	}
}
