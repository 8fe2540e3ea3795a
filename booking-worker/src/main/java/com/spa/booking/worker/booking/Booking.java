package com.spa.booking.worker.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.RejectionReason;

/**
 * The booking aggregate: it alone decides which state changes are allowed. Its transitions return a new value (or this
 * one, when there is nothing to change) and never read a clock: time comes from the command, so the same command log
 * always gives the same bookings.
 *
 * @param blockedUntil end of the treatment plus its cleanup buffer: the therapist is busy until then
 * @param price fixed when held; a reschedule or a later change of the service's price leaves it as it is (null for a
 * booking held before prices were recorded)
 * @param version the row's version this value was read at; a change is written only if the row still has it
 */
record Booking(UUID id, UUID customerId, UUID therapistId, UUID serviceId, Instant start, Instant end,
		Instant blockedUntil, BookingStatus status, Instant holdExpiresAt, UUID roomId, UUID sessionId, Price price,
		int version) {

	/**
	 * @param expiresAt kept as the database stores it ({@link #asStored}), so that the hold decides the same whether
	 * it was read back or is still the value its batch made
	 * @param session the session it belongs to; null for a booking on its own
	 */
	static Booking hold(UUID id, UUID customer, UUID therapist, Instant start, Treatment treatment, Instant expiresAt,
			UUID session) {
		Instant end = start.plus(treatment.duration());
		return new Booking(id, customer, therapist, treatment.serviceId(), start, end, end.plus(treatment.bufferAfter()),
				BookingStatus.HELD, asStored(expiresAt), null, session, treatment.price(), 0);
	}

	/**
	 * An instant as PostgreSQL stores it: to the microsecond. The driver rounds a finer instant to the nearest
	 * microsecond, up as often as down, so a decision made on the nanoseconds in memory and a query made on the rounded
	 * value in the database could disagree about the same instant (the sweep finding a hold that the command it sends
	 * then finds still valid). Every instant the worker decides by, or compares in a query, is cut to this first.
	 */
	static Instant asStored(Instant at) {
		return at.truncatedTo(ChronoUnit.MICROS);
	}

	Booking inRoom(UUID room) {
		return new Booking(id, customerId, therapistId, serviceId, start, end, blockedUntil, status, holdExpiresAt, room,
				sessionId, price, version);
	}

	/** As written: the row has the next version now. */
	Booking written() {
		return new Booking(id, customerId, therapistId, serviceId, start, end, blockedUntil, status, holdExpiresAt,
				roomId, sessionId, price, version + 1);
	}

	/**
	 * A session's items are the session's: they are held, confirmed, cancelled and expired with it, by the commands of the
	 * session's partition, never on their own.
	 */
	Booking requireNotInSession() {
		if (sessionId != null) {
			throw new CommandRejected(RejectionReason.PART_OF_SESSION, "Booking " + id + " belongs to session " + sessionId
					+ ": it changes only with its session.");
		}
		return this;
	}

	/** A hold is over from its expiry instant on, whether or not anyone has marked it yet. */
	boolean holdRunOutAt(Instant at) {
		return status == BookingStatus.HELD && !asStored(at).isBefore(holdExpiresAt);
	}

	Booking expireIfRunOut(Instant at) {
		return holdRunOutAt(at) ? with(BookingStatus.EXPIRED, holdExpiresAt) : this;
	}

	Booking confirm() {
		return switch (status) {
			case HELD -> with(BookingStatus.CONFIRMED, null);
			case CONFIRMED -> this;
			case EXPIRED -> throw new CommandRejected(RejectionReason.HOLD_EXPIRED,
					"The hold expired at " + holdExpiresAt + " before it was confirmed.");
			case CANCELLED, RELEASED -> throw new CommandRejected(RejectionReason.BOOKING_CANCELLED,
					"The booking was " + status.name().toLowerCase() + " and cannot be confirmed.");
		};
	}

	Booking cancel() {
		return switch (status) {
			case HELD -> with(BookingStatus.RELEASED, holdExpiresAt);
			case CONFIRMED -> with(BookingStatus.CANCELLED, null);
			case CANCELLED, RELEASED, EXPIRED -> this;
		};
	}

	/**
	 * Whether this booking counts against its customer's limit of active bookings at {@code at}: a hold until its grace
	 * is over (a confirm requested before its expiry may still come, from any partition), a confirmed booking until it
	 * has ended.
	 */
	boolean countsAgainstTheCapAt(Instant at, Duration holdGrace) {
		return status == BookingStatus.HELD ? holdExpiresAt.plus(holdGrace).isAfter(at)
				: status == BookingStatus.CONFIRMED && end.isAfter(at);
	}

	/** A confirm that came after the hold expired: the booking comes back, confirmed, if its time is still free. */
	Booking confirmLate(UUID room) {
		if (status != BookingStatus.EXPIRED) {
			throw new IllegalStateException("Only an expired hold can be confirmed late: " + this);
		}
		return new Booking(id, customerId, therapistId, serviceId, start, end, blockedUntil, BookingStatus.CONFIRMED,
				null, room, sessionId, price, version);
	}

	/** The same booking at another time, possibly with another therapist; where it goes is for the caller to check. */
	Booking movedTo(UUID newTherapist, Instant newStart, Treatment treatment) {
		if (status != BookingStatus.CONFIRMED) {
			throw new CommandRejected(RejectionReason.NOT_CONFIRMED,
					"Only a confirmed booking can be rescheduled; this one is " + status + ".");
		}
		Instant newEnd = newStart.plus(treatment.duration());
		return new Booking(id, customerId, newTherapist, serviceId, newStart, newEnd, newEnd.plus(treatment.bufferAfter()),
				status, holdExpiresAt, null, sessionId, price, version);
	}

	/**
	 * What the expiry timer asks for: only a hold whose grace has passed as well may be expired, for until then a
	 * confirm requested before its expiry may still be on its way, and it must find the hold.
	 */
	Booking expire(Instant requestedAt, Duration grace) {
		if (status == BookingStatus.HELD && !holdRunOutAt(requestedAt.minus(grace))) {
			throw new CommandRejected(RejectionReason.HOLD_STILL_VALID, "The hold runs until " + holdExpiresAt
					+ " and keeps its time for " + grace.toSeconds() + " s more.");
		}
		return expireIfRunOut(requestedAt);
	}

	private Booking with(BookingStatus newStatus, Instant newHoldExpiresAt) {
		return new Booking(id, customerId, therapistId, serviceId, start, end, blockedUntil, newStatus,
				newHoldExpiresAt, roomId, sessionId, price, version);
	}

	/** As results and events carry it, with its start in the spa's local time. */
	BookingSnapshot snapshot(ZoneId zone) {
		return new BookingSnapshot(id, customerId, therapistId, serviceId, start, end, status, holdExpiresAt, roomId,
				sessionId, price, zone.getId(), LocalDateTime.ofInstant(start, zone));
	}
}
