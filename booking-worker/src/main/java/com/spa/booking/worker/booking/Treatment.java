package com.spa.booking.worker.booking;

import java.time.Duration;
import java.util.UUID;

import com.spa.booking.schemas.Price;

/**
 * What the worker needs to know of a service from the catalog: how long it keeps the therapist busy, the kind of
 * room it needs (null for none), and what it costs now (a hold keeps that price).
 */
record Treatment(UUID serviceId, Duration duration, Duration bufferAfter, String roomType, Price price) {
}
