package com.spa.booking.worker.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.worker.booking.SeenBookings.Stretch;

/**
 * Reads up front, under its locks, what a batch's commands will need, so that they are decided in memory: two
 * statements for the whole batch, whatever its size. The first takes the locks ({@link Locks#lockForBatch}) and tells
 * whether the catalog and schedules kept in memory are current (when they are not, they are read again: a statement or
 * three, once per change); the second reads the bookings it names and every booking in the way of its holds
 * ({@link Bookings#readForBatch}): its customers', and its therapists' and rooms' in just the stretches of time the
 * holds take.
 */
@Component
class BatchPrefetch {

	private final Locks locks;

	private final CatalogLookups catalog;

	private final ScheduleLookups schedules;

	private final BookingWorkingSet bookings;

	BatchPrefetch(Locks locks, CatalogLookups catalog, ScheduleLookups schedules, BookingWorkingSet bookings) {
		this.locks = locks;
		this.catalog = catalog;
		this.schedules = schedules;
		this.bookings = bookings;
	}

	/** A time a hold of the batch asks for. */
	private record Wanted(UUID customer, UUID therapist, UUID service, Instant start) {
	}

	/** @param commands those of the batch that have no outcome yet */
	void prefetch(List<BookingCommand> commands) {
		List<Wanted> wanted = new ArrayList<>();
		Instant since = null;
		for (BookingCommand command : commands) {
			if (command instanceof PlaceHold hold) {
				wanted.add(new Wanted(hold.customerId(), hold.therapistId(), hold.serviceId(), hold.start()));
			}
			else if (command instanceof HoldSession session) {
				session.items().forEach(item -> wanted.add(new Wanted(session.customerId(), item.therapistId(),
						item.serviceId(), item.start())));
			}
			else {
				continue;
			}
			since = since == null || command.requestedAt().isBefore(since) ? command.requestedAt() : since;
		}
		List<UUID> ids = commands.stream().map(BookingCommand::bookingId).filter(id -> id != null).toList();
		if (wanted.isEmpty()) {
			if (!ids.isEmpty()) {
				bookings.prefetch(ids, List.of(), Instant.EPOCH, Map.of(), Map.of());
			}
			return;
		}
		Set<UUID> customers = new LinkedHashSet<>();
		Set<UUID> therapists = new LinkedHashSet<>();
		wanted.forEach(hold -> {
			customers.add(hold.customer());
			therapists.add(hold.therapist());
		});
		// the room types as kept: the lock statement reads the catalog's version, and if it changed, more is locked below
		Set<Long> roomDays = roomDays(wanted, true);
		Locks.Locked locked = locks.lockForBatch(customers, therapists, roomDays);
		schedules.refresh(locked.therapists());
		Map<UUID, List<Stretch>> therapistStretches = new HashMap<>();
		Map<String, List<Stretch>> roomStretches = new HashMap<>();
		for (Wanted hold : wanted) {
			catalog.treatment(hold.service()).ifPresent(treatment -> {
				Stretch stretch = new Stretch(hold.start(),
						hold.start().plus(treatment.duration()).plus(treatment.bufferAfter()));
				therapistStretches.computeIfAbsent(hold.therapist(), t -> new ArrayList<>()).add(stretch);
				if (treatment.roomType() != null) {
					roomStretches.computeIfAbsent(treatment.roomType(), t -> new ArrayList<>()).add(stretch);
				}
			});
		}
		Set<Long> neededRoomDays = roomDays(wanted, false);
		if (!roomDays.containsAll(neededRoomDays)) {
			locks.lockRoomDays(neededRoomDays);
		}
		therapistStretches.replaceAll((therapist, stretches) -> Stretch.merged(stretches));
		roomStretches.replaceAll((type, stretches) -> Stretch.merged(stretches));
		bookings.prefetch(ids, customers, since, therapistStretches, roomStretches);
	}

	/**
	 * The rooms' lock keys of the types and local days the holds need.
	 *
	 * @param asKept with the room types as kept in memory, before the catalog's version was checked
	 */
	private Set<Long> roomDays(List<Wanted> wanted, boolean asKept) {
		Set<Long> keys = new HashSet<>();
		for (Wanted hold : wanted) {
			(asKept ? catalog.treatmentAsKept(hold.service()) : catalog.treatment(hold.service()))
				.filter(treatment -> treatment.roomType() != null)
				.ifPresent(treatment -> keys.addAll(locks.roomDays(treatment.roomType(), hold.start(),
						hold.start().plus(treatment.duration()).plus(treatment.bufferAfter()))));
		}
		return keys;
	}
}
