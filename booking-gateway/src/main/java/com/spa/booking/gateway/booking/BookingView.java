package com.spa.booking.gateway.booking;

import java.time.Instant;
import java.util.UUID;

import com.spa.booking.schemas.BookingPolicy;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.Price;

/**
 * A booking as the API shows it; {@code roomId} is null for a service that needs no room, {@code sessionId} for a
 * booking made on its own.
 *
 * @param price what it costs, fixed when held (null for a booking held before prices were recorded)
 * @param policy the terms it was held on, frozen then (cancellation and reschedule windows, fees, deposit), so the
 * customer sees them before confirming; null for a booking held before policies were recorded
 */
public record BookingView(UUID bookingId, UUID customerId, UUID therapistId, UUID serviceId, Instant start, Instant end,
		BookingStatus status, Instant holdExpiresAt, UUID roomId, UUID sessionId, Price price, BookingPolicy policy) {

	public static BookingView of(BookingSnapshot booking) {
		return new BookingView(booking.bookingId(), booking.customerId(), booking.therapistId(), booking.serviceId(),
				booking.start(), booking.end(), booking.status(), booking.holdExpiresAt(), booking.roomId(),
				booking.sessionId(), booking.price(), booking.policy());
	}
}
