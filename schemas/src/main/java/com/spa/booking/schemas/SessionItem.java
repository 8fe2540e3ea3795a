package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One treatment in a session: who, what and when; the booking ID is chosen by the issuer, as for {@link PlaceHold}. */
public record SessionItem(UUID bookingId, UUID therapistId, UUID serviceId, Instant start) {

	/** A new item: a booking ID of its own. */
	public static SessionItem requested(UUID therapistId, UUID serviceId, Instant start) {
		return new SessionItem(UUID.randomUUID(), therapistId, serviceId, start);
	}

	public SessionItem {
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
		Objects.requireNonNull(serviceId, "serviceId");
		Objects.requireNonNull(start, "start");
	}
}
