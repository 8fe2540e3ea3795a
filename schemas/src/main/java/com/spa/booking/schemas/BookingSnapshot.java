package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A booking's full state as carried by results and events. {@code roomId} is null for a service that needs no room, {@code sessionId} for a booking that is not part of a cart. {@code status} is null only in a
 * {@link BookingRejected} for a hold that never became a booking.
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
		UUID sessionId) {

	public BookingSnapshot {
		Objects.requireNonNull(bookingId, "bookingId");
	}
}
