package com.spa.booking.worker.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.transaction.TransactionScoped;
import com.spa.booking.worker.booking.SeenBookings.Stretch;

/**
 * The bookings as the current transaction knows them: what it read or wrote, answered from memory where it knows
 * enough ({@link SeenBookings}), from the table otherwise. In a batch, new holds are decided in memory against every
 * booking in their way, which the batch read up front under its locks, and written together; any statement about
 * bookings first writes them, so that it sees them. Every change of a row is still a compare-and-set on the version
 * seen, so a row changed meanwhile by someone else is never overwritten from here.
 */
@Component
class BookingWorkingSet {

	private final Bookings table;

	private final TransactionScoped<SeenBookings> seen = TransactionScoped.flushedBeforeCommit(SeenBookings::new,
			this::write);

	BookingWorkingSet(Bookings table) {
		this.table = table;
	}

	/** The table, once the holds decided but not yet written are in it. */
	private Bookings table() {
		flushPending();
		return table;
	}

	/** Writes the holds decided but not yet written, if any. */
	void flushPending() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			write(seen.get());
		}
	}

	/**
	 * Writes the pending holds in one statement. The batch decided them against every active booking it knew of; a
	 * row the database rejects all the same overlaps one it could not know of (written meanwhile by another partition
	 * without the batch's locks), and the batch is applied again one command at a time.
	 *
	 * @throws BatchHoldsTakenMeanwhile if the database rejected one
	 */
	private void write(SeenBookings now) {
		List<Booking> holds = now.pending;
		if (holds.isEmpty()) {
			return;
		}
		int decided = holds.size();
		List<UUID> inserted = table.insertAll(List.copyOf(holds));
		holds.clear();
		if (inserted.size() != decided) {
			throw new BatchHoldsTakenMeanwhile(decided - inserted.size());
		}
	}

	Optional<Booking> find(UUID id) {
		SeenBookings now = seen.get();
		Optional<Booking> known = now.bookings.get(id);
		if (known != null) {
			return known;
		}
		Optional<Bookings.Read> read = table().find(id);
		read.ifPresentOrElse(this::saw, () -> now.bookings.put(id, Optional.empty()));
		return read.map(Bookings.Read::booking);
	}

	/**
	 * The request that last moved the booking to another therapist, and so to another partition, if one did: its
	 * messages go out again ahead of any other command's about the booking.
	 */
	Optional<UUID> lastMoveOf(UUID bookingId) {
		return find(bookingId).map(booking -> seen.get().movedBy.get(bookingId));
	}

	/**
	 * Reads what a batch needs in one statement ({@link Bookings#readForBatch}) and from then on decides new holds in
	 * memory where it knows everything in their way, and writes them together.
	 *
	 * @param since the earliest request of the batch: confirmed bookings of its customers that ended before cannot be
	 * in the way of anything it asks for
	 */
	void prefetch(Collection<UUID> ids, Collection<UUID> customers, Instant since, Map<UUID, List<Stretch>> therapists,
			Map<String, List<Stretch>> roomTypes) {
		SeenBookings now = seen.get();
		List<UUID> unknown = ids.stream().filter(id -> id != null && !now.bookings.containsKey(id)).distinct().toList();
		unknown.forEach(id -> now.bookings.put(id, Optional.empty()));
		table().readForBatch(unknown, customers, since, therapists, roomTypes).forEach(this::sawUnlessNewer);
		for (UUID customer : customers) {
			now.holdsKnownOf.add(customer);
			now.confirmedKnownAfter.merge(customer, since, (before, after) -> before.isBefore(after) ? before : after);
		}
		therapists.forEach(now::knowTherapist);
		roomTypes.forEach(now::knowRoomType);
		now.deferring = true;
	}

	/** After a savepoint was rolled back, what this transaction saw may be undone: it reads afresh. */
	void forgetWhatWasRead() {
		seen.get().clear();
	}

	private Booking saw(Booking booking) {
		seen.get().put(booking);
		return booking;
	}

	private void saw(Bookings.Read read) {
		SeenBookings now = seen.get();
		now.put(read.booking());
		if (read.booking().sessionId() != null && read.sessionPartitionKey() != null) {
			now.sessionKeys.put(read.booking().sessionId(), read.sessionPartitionKey());
		}
		if (read.movedBy() != null) {
			now.movedBy.put(read.booking().id(), read.movedBy());
		}
	}

	/** What this transaction wrote itself is newer than what it reads now. */
	private void sawUnlessNewer(Bookings.Read read) {
		Optional<Booking> known = seen.get().bookings.get(read.booking().id());
		if (known == null || known.isEmpty() || known.get().version() <= read.booking().version()) {
			saw(read);
		}
	}

	/**
	 * Inserts the hold unless it overlaps an active booking. Where the batch knows everything that could be in its way
	 * (its therapist's, its customer's and, if it has one, its room type's bookings around its time), it decides in
	 * memory and writes the hold later with the others; otherwise the exclusion constraints decide.
	 *
	 * @param roomType the type of the hold's room; null if it needs none
	 * @return false if the time is taken
	 */
	boolean insertUnlessOverlapping(Booking hold, String roomType) {
		SeenBookings now = seen.get();
		boolean roomKnown = hold.roomId() == null
				|| roomType != null && now.knowsRoomType(roomType, hold.start(), hold.blockedUntil());
		if (roomKnown && now.knowsTherapistAndCustomerAround(hold)) {
			if (now.obstacle(hold).isPresent()) {
				return false;
			}
			now.pending.add(hold);
			saw(hold);
			return true;
		}
		boolean inserted = table().insertUnlessOverlapping(hold);
		if (inserted) {
			saw(hold);
		}
		return inserted;
	}

	/**
	 * Writes a change, if the row still has the version the change was decided from.
	 *
	 * @return the booking as written, with its new version
	 * @throws BookingChangedMeanwhile if another transaction changed the row since it was read
	 * @throws org.springframework.dao.DataIntegrityViolationException if the change would make the booking overlap
	 * another (only possible when it becomes active again)
	 */
	Booking update(Booking changed) {
		return writtenIfOneRow(table().update(changed), changed);
	}

	/**
	 * Moves a booking, if the row still has the version the move was decided from.
	 *
	 * @param request the request that moves it
	 * @return the booking as written, with its new version
	 * @throws BookingChangedMeanwhile if another transaction changed the row since it was read
	 * @throws org.springframework.dao.DataIntegrityViolationException if the new time overlaps another active booking
	 */
	Booking move(Booking moved, UUID request) {
		Booking before = find(moved.id()).orElseThrow();
		Booking written = writtenIfOneRow(table().move(moved, request), moved);
		if (!before.therapistId().equals(moved.therapistId())) {
			seen.get().movedBy.put(moved.id(), request);
		}
		return written;
	}

	private Booking writtenIfOneRow(int rows, Booking changed) {
		if (rows != 1) {
			throw new BookingChangedMeanwhile(changed);
		}
		return saw(changed.written());
	}

	/** The items of a session, locked against every other command until this transaction ends. */
	List<Booking> lockSession(UUID sessionId) {
		return table().lockSession(sessionId).stream().map(this::saw).toList();
	}

	/** Holds of the customer that are still running at {@code at}. */
	int runningHoldsOf(UUID customerId, Instant at) {
		SeenBookings now = seen.get();
		if (now.holdsKnownOf.contains(customerId)) {
			return (int) now.ofCustomer(customerId)
				.filter(booking -> booking.status() == BookingStatus.HELD && booking.holdExpiresAt().isAfter(at))
				.count();
		}
		return table().runningHoldsOf(customerId, at);
	}

	/**
	 * Bookings of the customer that count against their limit at {@code at}: holds that may still be confirmed (until
	 * their grace is over: a confirm requested in time may be on its way), confirmed ones that have not ended.
	 */
	int activeBookingsOf(UUID customerId, Instant at, Duration holdGrace) {
		SeenBookings now = seen.get();
		if (now.knowsCustomerAt(customerId, at)) {
			return (int) now.ofCustomer(customerId).filter(booking -> booking.countsAgainstTheCapAt(at, holdGrace)).count();
		}
		return table().activeBookingsOf(customerId, at, holdGrace);
	}

	/**
	 * Holds of the therapist that overlap the given time, had run out by {@code at} but are still marked HELD, and are
	 * written by the partition of {@code owner}: a booking on its own by its therapist's, a session's item by the
	 * session's.
	 */
	List<Booking> runOutHoldsOverlapping(UUID therapistId, Instant from, Instant until, Instant at, UUID owner) {
		SeenBookings now = seen.get();
		if (now.knowsTherapist(therapistId, from, until)) {
			List<Booking> runOut = now.ofTherapistDuring(therapistId, from, until)
				.filter(booking -> booking.status() == BookingStatus.HELD && !booking.holdExpiresAt().isAfter(at))
				.sorted(Comparator.comparing(Booking::id))
				.toList();
			if (runOut.stream().allMatch(booking -> booking.sessionId() == null
					|| now.sessionKeys.containsKey(booking.sessionId()))) {
				return runOut.stream()
					.filter(booking -> owner.equals(booking.sessionId() == null ? booking.therapistId()
							: now.sessionKeys.get(booking.sessionId())))
					.toList();
			}
		}
		return table().runOutHoldsOverlapping(therapistId, from, until, at, owner).stream().map(this::saw).toList();
	}

	/** Why an active booking stands in the way of this one, if one does; checked in the order a customer cares. */
	Optional<RejectionReason> obstacle(Booking hold, String roomType) {
		SeenBookings now = seen.get();
		boolean roomKnown = hold.roomId() == null
				|| roomType != null && now.knowsRoomType(roomType, hold.start(), hold.blockedUntil());
		if (roomKnown && now.knowsTherapistAndCustomerAround(hold)) {
			return now.obstacle(hold);
		}
		return table().obstacle(hold);
	}

	/**
	 * The booking that stands in the way of the hold for that reason (the therapist's for {@code SLOT_TAKEN}, the
	 * customer's for {@code CUSTOMER_OVERLAP}), the earliest if there are several, to name it in the rejection.
	 */
	Optional<Booking> inTheWay(Booking hold, RejectionReason reason) {
		SeenBookings now = seen.get();
		if (now.knowsTherapistAndCustomerAround(hold)) {
			return now.inTheWay(hold, reason);
		}
		return table().inTheWay(hold, reason);
	}

	/**
	 * What a batch already knows to stand in the way of the hold among its therapist's and customer's bookings, without
	 * asking the table; empty where it knows of nothing in the way, or does not know.
	 */
	Optional<RejectionReason> knownObstacle(Booking hold) {
		SeenBookings now = seen.get();
		return now.knowsTherapistAndCustomerAround(hold) ? now.obstacle(hold) : Optional.empty();
	}

	/** Whether this transaction knows every active booking in the rooms of the type in {@code [from, until)}. */
	boolean knowsRooms(String roomType, Instant from, Instant until) {
		return seen.get().knowsRoomType(roomType, from, until);
	}

	/** Whether an active booking other than {@code except} keeps the room in {@code [from, until)}, as far as known. */
	boolean roomTaken(UUID room, Instant from, Instant until, UUID except) {
		return seen.get().roomTaken(room, from, until, except);
	}

	/** A room of the type free in {@code [from, until)} but for {@code movingBooking}, asked of the table. */
	Optional<UUID> freeRoomInTheTable(String roomType, Instant from, Instant until, UUID movingBooking) {
		return table().freeRoom(roomType, from, until, movingBooking);
	}
}
