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
		return jdbc.sql("SELECT id, duration_minutes, buffer_minutes, room_type FROM services WHERE id = ?")
			.param(serviceId)
			.query((rs, n) -> new Treatment(rs.getObject("id", UUID.class),
					Duration.ofMinutes(rs.getInt("duration_minutes")), Duration.ofMinutes(rs.getInt("buffer_minutes")),
					rs.getString("room_type")))
			.optional();
	}

	/**
	 * Whether the customer exists, taking their holds for this transaction: holds of one customer on several therapists'
	 * partitions are counted one after the other, so the limit holds.
	 */
	boolean lockCustomerHolds(UUID customerId) {
		return jdbc.sql("SELECT 1 FROM customers WHERE id = ? FOR UPDATE").param(customerId).query(Integer.class).optional().isPresent();
	}

	/**
	 * Whether the therapist exists, keeping their schedule from changing until this transaction ends: a change of
	 * working hours (which locks the row for update) waits for the hold, and then sees it.
	 */
	boolean lockTherapistSchedule(UUID therapistId) {
		return jdbc.sql("SELECT 1 FROM therapists WHERE id = ? FOR SHARE").param(therapistId).query(Integer.class).optional().isPresent();
	}

	boolean isQualified(UUID therapistId, UUID serviceId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM therapist_services WHERE therapist_id = ? AND service_id = ?)")
			.params(therapistId, serviceId)
			.query(Boolean.class)
			.single();
	}
}
