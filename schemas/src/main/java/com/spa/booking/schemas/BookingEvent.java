package com.spa.booking.schemas;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A fact on {@code booking.events}, keyed by booking ID so that one booking's events stay in order. Delivery is
 * at least once: consumers de-duplicate by {@link #eventId()}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
		@JsonSubTypes.Type(BookingHeld.class),
		@JsonSubTypes.Type(BookingConfirmed.class),
		@JsonSubTypes.Type(BookingCancelled.class),
		@JsonSubTypes.Type(HoldReleased.class),
		@JsonSubTypes.Type(HoldExpired.class),
		@JsonSubTypes.Type(BookingRejected.class),
		@JsonSubTypes.Type(BookingRescheduled.class) })
public sealed interface BookingEvent permits BookingHeld, BookingConfirmed, BookingCancelled, HoldReleased, HoldExpired,
		BookingRejected, BookingRescheduled {

	UUID eventId();

	Instant occurredAt();

	/** The request whose command caused this event. */
	UUID requestId();

	BookingSnapshot booking();

	default String partitionKey() {
		return booking().bookingId().toString();
	}

	default String type() {
		return getClass().getSimpleName();
	}
}
