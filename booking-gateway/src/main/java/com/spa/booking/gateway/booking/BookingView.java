package com.spa.booking.gateway.booking;

import java.time.Instant;
import java.util.UUID;

import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;

/**
 * A booking as the API shows it; {@code roomId} is null for a service that needs no room, {@code sessionId} for a
 * booking made on its own.
 */
public record BookingView(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start, Instant end,
		BookingStatus status, Instant holdExpiresAt, UUID roomId, UUID sessionId) {

	public static BookingView of(BookingSnapshot booking) {
		return new BookingView(booking.bookingId(), booking.customerId(), booking.therapistId(), booking.serviceId(),
				booking.start(), booking.end(), booking.status(), booking.holdExpiresAt(), booking.roomId(),
				booking.sessionId());
	}
}
