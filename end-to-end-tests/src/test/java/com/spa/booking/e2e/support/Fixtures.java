package com.spa.booking.e2e.support;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.local.LocalStack;

/** Catalog rows of a test's own, so that tests depend neither on the demo data nor on each other. */
public final class Fixtures {

	private final JdbcClient jdbc;

	public Fixtures(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public static Fixtures of(LocalStack stack) {
		return new Fixtures(stack.worker().getBean(JdbcClient.class));
	}

	/** Customers in bulk. */
	public java.util.List<UUID> customers(int count) {
		UUID[] ids = java.util.stream.Stream.generate(UUID::randomUUID).limit(count).toArray(UUID[]::new);
		jdbc.sql("INSERT INTO customers (id, name, email) SELECT id, 'Customer', id || '@example.com' FROM unnest(?) AS id")
			.param(ids)
			.update();
		return java.util.List.of(ids);
	}

	/** A service that needs no room. */
	public UUID service(int minutes, int buffer) {
		return service(minutes, buffer, null);
	}

	public UUID service(int minutes, int buffer, String roomType) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price, room_type) VALUES (?, ?, ?, ?, 50, ?)")
			.params(id, minutes + " minutes", minutes, buffer, roomType)
			.update();
		return id;
	}

	public UUID room(String roomType) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO rooms (id, name, room_type) VALUES (?, ?, ?)").params(id, "Room " + id, roomType).update();
		return id;
	}

	/** A therapist qualified for the services, working around the clock every day. */
	public UUID therapistAroundTheClock(UUID... services) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO therapists (id, name) VALUES (?, ?)").params(id, "Therapist " + id).update();
		for (UUID service : services) {
			jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(id, service).update();
		}
		jdbc.sql("""
				INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
				SELECT ?, day, '00:00', '24:00' FROM generate_series(1, 7) day""").param(id).update();
		return id;
	}
}
