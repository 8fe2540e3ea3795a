package com.spa.booking.worker.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import com.spa.booking.schemas.RejectionReason;

/**
 * What a transaction has seen of the bookings: every booking it read or wrote, as it last saw it (empty where it
 * knows there is none), found by ID, by customer, or by therapist or room and time; the partition keys of the sessions
 * it met; and, in a batch, what it knows in full (every active booking of some customers; every active booking of a
 * therapist, or in the rooms of a type, in some stretches of time) and the holds it decided and has not yet written.
 * {@link BookingWorkingSet} keeps one per transaction.
 */
final class SeenBookings {

	final Map<UUID, Optional<Booking>> bookings = new HashMap<>();

	/** The bookings above by customer, and by therapist or room and start, to find them fast. */
	private final Map<UUID, Set<UUID>> byCustomer = new HashMap<>();

	private final Map<UUID, NavigableMap<Instant, Set<UUID>>> byTherapist = new HashMap<>();

	private final Map<UUID, NavigableMap<Instant, Set<UUID>>> byRoom = new HashMap<>();

	/** The longest time a booking here keeps its therapist: how far before a time to look for what overlaps it. */
	private Duration longest = Duration.ZERO;

	/** The customers of whom every hold is here. */
	final Set<UUID> holdsKnownOf = new HashSet<>();

	/** The customers of whom every confirmed booking that ends after the instant is here. */
	final Map<UUID, Instant> confirmedKnownAfter = new HashMap<>();

	/**
	 * The therapists, and the room types, of whom every active booking in these stretches of time is here; by start,
	 * so that whether one covers a time is found at once even when a batch's holds take hundreds of them.
	 */
	private final Map<UUID, NavigableMap<Instant, Stretch>> therapistsKnown = new HashMap<>();

	private final Map<String, NavigableMap<Instant, Stretch>> roomTypesKnown = new HashMap<>();

	final Map<UUID, UUID> sessionKeys = new HashMap<>();

	/** The request that last moved a booking to another therapist, by booking, for those read that have one. */
	final Map<UUID, UUID> movedBy = new HashMap<>();

	/** In a batch: new holds are decided here and written together, before anything else reads the table. */
	boolean deferring;

	/** Holds decided and seen, not yet written. */
	final List<Booking> pending = new ArrayList<>();

	/** {@code [from, until)} */
	record Stretch(Instant from, Instant until) {

		boolean covers(Instant start, Instant end) {
			return !start.isBefore(from) && !end.isAfter(until);
		}

		/** Stretches that overlap or touch, merged, in order: fewer to ask the database about, same coverage. */
		static List<Stretch> merged(List<Stretch> stretches) {
			List<Stretch> sorted = stretches.stream().sorted(Comparator.comparing(Stretch::from)).toList();
			List<Stretch> merged = new ArrayList<>();
			for (Stretch next : sorted) {
				Stretch last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
				if (last != null && !next.from().isAfter(last.until())) {
					merged.set(merged.size() - 1,
							new Stretch(last.from(), next.until().isAfter(last.until()) ? next.until() : last.until()));
				}
				else {
					merged.add(next);
				}
			}
			return merged;
		}
	}

	void put(Booking booking) {
		Optional<Booking> before = bookings.put(booking.id(), Optional.of(booking));
		if (before != null && before.isPresent()) {
			unindex(byTherapist, before.get().therapistId(), before.get());
			unindex(byRoom, before.get().roomId(), before.get());
		}
		byCustomer.computeIfAbsent(booking.customerId(), customer -> new HashSet<>()).add(booking.id());
		index(byTherapist, booking.therapistId(), booking);
		index(byRoom, booking.roomId(), booking);
		Duration span = Duration.between(booking.start(), booking.blockedUntil());
		if (span.compareTo(longest) > 0) {
			longest = span;
		}
	}

	private static void index(Map<UUID, NavigableMap<Instant, Set<UUID>>> index, UUID key, Booking booking) {
		if (key != null) {
			index.computeIfAbsent(key, k -> new TreeMap<>())
				.computeIfAbsent(booking.start(), start -> new HashSet<>())
				.add(booking.id());
		}
	}

	private static void unindex(Map<UUID, NavigableMap<Instant, Set<UUID>>> index, UUID key, Booking booking) {
		if (key != null) {
			NavigableMap<Instant, Set<UUID>> starts = index.get(key);
			Set<UUID> at = starts == null ? null : starts.get(booking.start());
			if (at != null) {
				at.remove(booking.id());
			}
		}
	}

	Stream<Booking> ofCustomer(UUID customer) {
		return byCustomer.getOrDefault(customer, Set.of()).stream().map(bookings::get).flatMap(Optional::stream);
	}

	/** The therapist's bookings here whose time (with its buffer) meets {@code [from, until)}. */
	Stream<Booking> ofTherapistDuring(UUID therapist, Instant from, Instant until) {
		return during(byTherapist, therapist, Booking::therapistId, from, until);
	}

	/** The room's bookings here whose time (with the buffer) meets {@code [from, until)}. */
	Stream<Booking> inRoomDuring(UUID room, Instant from, Instant until) {
		return during(byRoom, room, Booking::roomId, from, until);
	}

	private Stream<Booking> during(Map<UUID, NavigableMap<Instant, Set<UUID>>> index, UUID key,
			Function<Booking, UUID> keyOf, Instant from, Instant until) {
		NavigableMap<Instant, Set<UUID>> starts = index.get(key);
		if (starts == null) {
			return Stream.empty();
		}
		return starts.subMap(from.minus(longest), true, until, false)
			.values()
			.stream()
			.flatMap(Set::stream)
			.map(bookings::get)
			.flatMap(Optional::stream)
			.filter(booking -> key.equals(keyOf.apply(booking)) && booking.start().isBefore(until)
					&& booking.blockedUntil().isAfter(from));
	}

	/** From now on every active booking of the therapist in these stretches (merged, not overlapping) is here. */
	void knowTherapist(UUID therapist, List<Stretch> stretches) {
		know(therapistsKnown.computeIfAbsent(therapist, t -> new TreeMap<>()), stretches);
	}

	/** From now on every active booking in the rooms of the type in these stretches (merged) is here. */
	void knowRoomType(String roomType, List<Stretch> stretches) {
		know(roomTypesKnown.computeIfAbsent(roomType, t -> new TreeMap<>()), stretches);
	}

	private static void know(NavigableMap<Instant, Stretch> known, List<Stretch> stretches) {
		List<Stretch> all = new ArrayList<>(known.values());
		all.addAll(stretches);
		known.clear();
		Stretch.merged(all).forEach(stretch -> known.put(stretch.from(), stretch));
	}

	boolean knowsTherapist(UUID therapist, Instant from, Instant until) {
		return covered(therapistsKnown.get(therapist), from, until);
	}

	boolean knowsRoomType(String roomType, Instant from, Instant until) {
		return covered(roomTypesKnown.get(roomType), from, until);
	}

	/** Merged stretches never overlap: only the last one that begins at or before {@code from} can cover it. */
	private static boolean covered(NavigableMap<Instant, Stretch> stretches, Instant from, Instant until) {
		var candidate = stretches == null ? null : stretches.floorEntry(from);
		return candidate != null && candidate.getValue().covers(from, until);
	}

	void clear() {
		pending.clear();
		therapistsKnown.clear();
		roomTypesKnown.clear();
		bookings.clear();
		byCustomer.clear();
		byTherapist.clear();
		byRoom.clear();
		longest = Duration.ZERO;
		holdsKnownOf.clear();
		confirmedKnownAfter.clear();
		sessionKeys.clear();
		movedBy.clear();
	}

	/**
	 * Whether this batch has read every active booking of the hold's therapist and customer around its time: then what
	 * it finds of theirs in the way is in the way, room or not.
	 */
	boolean knowsTherapistAndCustomerAround(Booking hold) {
		return deferring && knowsCustomerAt(hold.customerId(), hold.start())
				&& knowsTherapist(hold.therapistId(), hold.start(), hold.blockedUntil());
	}

	/** Whether every booking of the customer that is active at {@code at} or later is here. */
	boolean knowsCustomerAt(UUID customer, Instant at) {
		Instant confirmedAfter = confirmedKnownAfter.get(customer);
		return holdsKnownOf.contains(customer) && confirmedAfter != null && !at.isBefore(confirmedAfter);
	}

	/**
	 * The booking in the way of the hold for that reason, as {@code Bookings.inTheWay} finds it in the table: the
	 * earliest, then the smallest ID in the database's order (that of the UUID's text).
	 */
	Optional<Booking> inTheWay(Booking hold, RejectionReason reason) {
		UUID session = hold.sessionId() != null ? hold.sessionId() : hold.id();
		Stream<Booking> candidates = reason == RejectionReason.SLOT_TAKEN
				? ofTherapistDuring(hold.therapistId(), hold.start(), hold.blockedUntil())
					.filter(booking -> !booking.id().equals(hold.id()) && booking.status().isActive())
				: ofCustomer(hold.customerId())
					.filter(booking -> !booking.id().equals(hold.id()) && booking.status().isActive()
							&& !(booking.sessionId() != null ? booking.sessionId() : booking.id()).equals(session)
							&& booking.start().isBefore(hold.end()) && hold.start().isBefore(booking.end()));
		return candidates.min(Comparator.comparing(Booking::start).thenComparing(booking -> booking.id().toString()));
	}

	/**
	 * What stands in the way of the hold, as {@code Bookings.obstacle} finds it in the table, decided from what this
	 * transaction has seen: the therapist's time, the customer's, then the hold's room.
	 */
	Optional<RejectionReason> obstacle(Booking hold) {
		UUID session = hold.sessionId() != null ? hold.sessionId() : hold.id();
		boolean therapistBusy = ofTherapistDuring(hold.therapistId(), hold.start(), hold.blockedUntil())
			.anyMatch(booking -> !booking.id().equals(hold.id()) && booking.status().isActive());
		if (therapistBusy) {
			return Optional.of(RejectionReason.SLOT_TAKEN);
		}
		boolean customerBusy = ofCustomer(hold.customerId())
			.anyMatch(booking -> !booking.id().equals(hold.id()) && booking.status().isActive()
					&& !(booking.sessionId() != null ? booking.sessionId() : booking.id()).equals(session)
					&& booking.start().isBefore(hold.end()) && hold.start().isBefore(booking.end()));
		if (customerBusy) {
			return Optional.of(RejectionReason.CUSTOMER_OVERLAP);
		}
		boolean roomBusy = hold.roomId() != null && roomTaken(hold.roomId(), hold.start(), hold.blockedUntil(), hold.id());
		return roomBusy ? Optional.of(RejectionReason.NO_ROOM) : Optional.empty();
	}

	/** Whether an active booking other than {@code except} keeps the room in {@code [from, until)}. */
	boolean roomTaken(UUID room, Instant from, Instant until, UUID except) {
		return inRoomDuring(room, from, until)
			.anyMatch(booking -> !booking.id().equals(except) && booking.status().isActive());
	}
}
