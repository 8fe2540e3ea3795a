package com.spa.booking.gateway.admin;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Writes rooms, services, therapists and their skills. */
@Repository
class CatalogWrites {

	private final JdbcClient jdbc;

	CatalogWrites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Room(UUID roomId, String name, String roomType) {
	}

	void addRoom(Room room) {
		jdbc.sql("INSERT INTO rooms (id, name, room_type) VALUES (?, ?, ?)").params(room.roomId(), room.name(), room.roomType()).update();
	}

	List<Room> rooms() {
		return jdbc.sql("SELECT id AS room_id, name, room_type FROM rooms ORDER BY room_type, name").query(Room.class).list();
	}

	void addService(UUID id, String name, int durationMinutes, int bufferMinutes, BigDecimal price, String roomType) {
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price, room_type) VALUES (?, ?, ?, ?, ?, ?)")
			.params(id, name, durationMinutes, bufferMinutes, price, roomType)
			.update();
	}

	@Transactional
	void addTherapist(UUID id, String name, List<UUID> services) {
		jdbc.sql("INSERT INTO therapists (id, name) VALUES (?, ?)").params(id, name).update();
		setSkills(id, services);
	}

	/** Replaces what the therapist is qualified for; bookings already made stay. */
	@Transactional
	void setSkills(UUID therapistId, List<UUID> services) {
		jdbc.sql("DELETE FROM therapist_services WHERE therapist_id = ?").param(therapistId).update();
		for (UUID service : services.stream().distinct().toList()) {
			jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(therapistId, service).update();
		}
	}
}
