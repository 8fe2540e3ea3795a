package com.spa.booking.worker.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import com.spa.booking.schemas.RejectionReason;

/**
 * What a transaction has seen of the bookings: every booking it read or wrote, as it last saw it (empty where it
 * knows there is none), found by ID, by customer, or by therapist and time; the customers of whom it knows every
 * running hold; the therapists of whom it knows every run-out hold up to some instant; the partition keys of the
 * sessions it met; and in a batch, the therapists and customers of whom it knows every active booking in a stretch of
 * time, and the holds it decided and has not yet written. {@link Bookings} keeps one per transaction.
 */
final class SeenBookings {

	final Map<UUID, Optional<Booking>> bookings = new HashMap<>();

	/** The bookings above by customer, and by therapist and start, to find them fast. */
	final Map<UUID, Set<UUID>> byCustomer = new HashMap<>();

	final Map<UUID, NavigableMap<Instant, Set<UUID>>> byTherapist = new HashMap<>();

	/** The longest time a booking here keeps its therapist: how far before a time to look for what overlaps it. */
	Duration longest = Duration.ZERO;

	final Set<UUID> holdsKnownOf = new HashSet<>();

	/** The customers of whom every confirmed booking that ends after the instant is here. */
	final Map<UUID, Instant> confirmedKnownAfter = new HashMap<>();

	final Map<UUID, Instant> runOutKnownUntil = new HashMap<>();

	final Map<UUID, UUID> sessionKeys = new HashMap<>();

	/** In a batch: new holds are decided here and written together, before anything else reads the table. */
	boolean deferring;

	/** The therapists and customers of whom every active booking in {@code [knownFrom, knownUntil)} is here. */
	final Set<UUID> activeKnownOfTherapists = new HashSet<>();

	final Set<UUID> activeKnownOfCustomers = new HashSet<>();

	Instant knownFrom;

	Instant knownUntil;

	/** Holds decided and seen, not yet written. */
	final List<Booking> pending = new ArrayList<>();

	void put(Booking booking) {
		Optional<Booking> before = bookings.put(booking.id(), Optional.of(booking));
		if (before != null && before.isPresent()) {
			Set<UUID> was = byTherapist.getOrDefault(before.get().therapistId(), new TreeMap<>())
				.getOrDefault(before.get().start(), new HashSet<>());
			was.remove(booking.id());
		}
		byCustomer.computeIfAbsent(booking.customerId(), customer -> new HashSet<>()).add(booking.id());
		byTherapist.computeIfAbsent(booking.therapistId(), therapist -> new TreeMap<>())
			.computeIfAbsent(booking.start(), start -> new HashSet<>())
			.add(booking.id());
		Duration span = Duration.between(booking.start(), booking.blockedUntil());
		if (span.compareTo(longest) > 0) {
			longest = span;
		}
	}

	Stream<Booking> ofCustomer(UUID customer) {
		return byCustomer.getOrDefault(customer, Set.of()).stream().map(bookings::get).flatMap(Optional::stream);
	}

	/** The therapist's bookings here whose time (with its buffer) meets {@code [from, until)}. */
	Stream<Booking> ofTherapistDuring(UUID therapist, Instant from, Instant until) {
		return byTherapist.getOrDefault(therapist, new TreeMap<>())
			.subMap(from.minus(longest), true, until, false)
			.values()
			.stream()
			.flatMap(Set::stream)
			.map(bookings::get)
			.flatMap(Optional::stream)
			.filter(booking -> booking.therapistId().equals(therapist) && booking.start().isBefore(until)
					&& booking.blockedUntil().isAfter(from));
	}

	void clear() {
		pending.clear();
		activeKnownOfTherapists.clear();
		activeKnownOfCustomers.clear();
		knownFrom = null;
		knownUntil = null;
		bookings.clear();
		byCustomer.clear();
		byTherapist.clear();
		longest = Duration.ZERO;
		holdsKnownOf.clear();
		confirmedKnownAfter.clear();
		runOutKnownUntil.clear();
		sessionKeys.clear();
	}

	/**
	 * Whether this batch knows every active booking that could stand in the way of the hold: it has read those of the
	 * hold's therapist and customer around its time, and the hold needs no room (rooms are shared by every partition).
	 */
	boolean knowsEverythingInTheWayOf(Booking hold) {
		return hold.roomId() == null && knowsTherapistAndCustomerAround(hold);
	}

	/**
	 * Whether this batch has read every active booking of the hold's therapist and customer around its time: then what
	 * it finds of theirs in the way is in the way, room or not.
	 */
	boolean knowsTherapistAndCustomerAround(Booking hold) {
		return deferring && activeKnownOfTherapists.contains(hold.therapistId())
				&& activeKnownOfCustomers.contains(hold.customerId()) && !hold.start().isBefore(knownFrom)
				&& !hold.blockedUntil().isAfter(knownUntil);
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
		return candidates.min(java.util.Comparator.comparing(Booking::start).thenComparing(booking -> booking.id().toString()));
	}

	/**
	 * What stands in the way of the hold, as {@code Bookings.obstacle} finds it in the table, decided from what this
	 * transaction has seen.
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
		return customerBusy ? Optional.of(RejectionReason.CUSTOMER_OVERLAP) : Optional.empty();
	}
}
