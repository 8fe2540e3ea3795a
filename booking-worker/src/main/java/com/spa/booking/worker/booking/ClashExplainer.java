package com.spa.booking.worker.booking;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.support.SharedSettings;

/** Rejections for a time that is taken, which name what is in the way, in the spa's local time. */
@Component
class ClashExplainer {

	private final BookingWorkingSet bookings;

	private final ZoneId zone;

	ClashExplainer(BookingWorkingSet bookings, SharedSettings settings) {
		this.bookings = bookings;
		this.zone = settings.zone();
	}

	/** A rejection that names what is in the way: the booking, in the spa's local time, where one is. */
	CommandRejected rejection(RejectionReason reason, Booking hold, Treatment treatment) {
		Optional<Booking> inTheWay = reason == RejectionReason.SLOT_TAKEN || reason == RejectionReason.CUSTOMER_OVERLAP
				? bookings.inTheWay(hold, reason) : Optional.empty();
		return new CommandRejected(reason, switch (reason) {
			case SLOT_TAKEN -> inTheWay
				.map(booking -> "The therapist is booked " + localSpan(booking.start(), booking.blockedUntil())
						+ ", cleanup included.")
				.orElse("The therapist is booked " + localSpan(hold.start(), hold.blockedUntil()) + ".");
			case CUSTOMER_OVERLAP -> inTheWay
				.map(booking -> "The customer already has a treatment " + localSpan(booking.start(), booking.end()) + ".")
				.orElse("The customer already has a treatment " + localSpan(hold.start(), hold.end()) + ".");
			default -> "No " + treatment.roomType() + " room is free " + localSpan(hold.start(), hold.blockedUntil()) + ".";
		});
	}

	/** "from 2027-03-03 10:00 to 11:15 (Europe/Berlin)", the end's date only when it is another day. */
	private String localSpan(Instant from, Instant until) {
		ZonedDateTime start = from.atZone(zone);
		ZonedDateTime end = until.atZone(zone);
		return "from " + start.toLocalDate() + " " + start.toLocalTime() + " to "
				+ (end.toLocalDate().equals(start.toLocalDate()) ? "" : end.toLocalDate() + " ") + end.toLocalTime()
				+ " (" + zone.getId() + ")";
	}
}
