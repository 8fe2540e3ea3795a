package com.spa.booking.worker.booking;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Chooses a hold's room: the first room of the type, in the order of their names, with no active booking in the time
 * it needs. A batch that read every booking in those rooms around that time under its locks chooses in memory;
 * otherwise the table is asked, under the same locks, so that no two transactions choose one room for one time.
 */
@Component
class RoomChooser {

	private final BookingWorkingSet bookings;

	private final CatalogLookups catalog;

	private final Locks locks;

	RoomChooser(BookingWorkingSet bookings, CatalogLookups catalog, Locks locks) {
		this.bookings = bookings;
		this.catalog = catalog;
		this.locks = locks;
	}

	/** A room of the type with no active booking in {@code [from, until)}, the same one for the same question. */
	Optional<UUID> free(String roomType, Instant from, Instant until) {
		return free(roomType, from, until, null);
	}

	/** @param movingBooking a booking that is moving and so does not stand in its own way; may be null */
	Optional<UUID> free(String roomType, Instant from, Instant until, UUID movingBooking) {
		if (bookings.knowsRooms(roomType, from, until) && locks.holdsRooms(roomType, from, until)) {
			return catalog.rooms(roomType)
				.stream()
				.filter(room -> !bookings.roomTaken(room, from, until, movingBooking))
				.findFirst();
		}
		locks.lockRoomDays(locks.roomDays(roomType, from, until));
		return bookings.freeRoomInTheTable(roomType, from, until, movingBooking);
	}
}
