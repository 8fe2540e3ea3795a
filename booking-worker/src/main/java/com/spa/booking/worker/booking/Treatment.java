package com.spa.booking.worker.booking;

import java.time.Duration;
import java.util.UUID;

import com.spa.booking.schemas.BookingPolicy;
import com.spa.booking.schemas.Price;

/**
 * What the worker needs to know of a service from the catalog: how long it keeps the therapist busy, the kind of
 * room it needs (null for none), what it costs now and the booking policy in force for it (its own or the spa's
 * default): a hold keeps both.
 */
record Treatment(UUID serviceId, Duration duration, Duration bufferAfter, String roomType, Price price,
		BookingPolicy policy) {
}
