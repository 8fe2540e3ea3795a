package com.spa.booking.schemas;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * A booking's full state as carried by results and events. {@code roomId} is null for a service that needs no room,
 * {@code sessionId} for a booking that is not part of a session. {@code status} is null only in a {@link BookingRejected}
 * for a hold that never became a booking, which has no price or local time either.
 *
 * @param price what the treatment costs, fixed when it was held (a later change of the service's price does not
 * change it); null only for a booking that never was, or was held before prices were recorded
 * @param zone the spa's time zone (IANA name, such as {@code Europe/Berlin})
 * @param localStart the start as the spa's clocks show it, for a notification to say "Tuesday at 10:00"
 * @param policy the booking policy it was held under, frozen as its price is; null as the price is
 */
public record BookingSnapshot(
		UUID bookingId,
		UUID customerId,
		UUID therapistId,
		UUID serviceId,
		Instant start,
		Instant end,
		BookingStatus status,
		Instant holdExpiresAt,
		UUID roomId,
		UUID sessionId,
		Price price,
		String zone,
		LocalDateTime localStart,
		BookingPolicy policy) {

	public BookingSnapshot {
		Objects.requireNonNull(bookingId, "bookingId");
	}

	/** Without a policy. */
	public BookingSnapshot(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant end, BookingStatus status, Instant holdExpiresAt, UUID roomId, UUID sessionId, Price price,
			String zone, LocalDateTime localStart) {
		this(bookingId, customerId, therapistId, serviceId, start, end, status, holdExpiresAt, roomId, sessionId, price,
				zone, localStart, null);
	}

	/** A booking as requested, before it had a price or a place in the spa's day. */
	public BookingSnapshot(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start,
			Instant end, BookingStatus status, Instant holdExpiresAt, UUID roomId, UUID sessionId) {
		this(bookingId, customerId, therapistId, serviceId, start, end, status, holdExpiresAt, roomId, sessionId, null,
				null, null, null);
	}
}
