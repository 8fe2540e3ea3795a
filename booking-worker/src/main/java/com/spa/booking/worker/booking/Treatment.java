package com.spa.booking.worker.booking;

import java.time.Duration;
import java.util.UUID;

/**
 * What the worker needs to know of a service from the catalog: how long it keeps the therapist busy, and the kind of
 * room it needs (null for none).
 */
record Treatment(UUID serviceId, Duration duration, Duration bufferAfter, String roomType) {
}
