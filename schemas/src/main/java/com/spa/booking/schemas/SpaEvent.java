package com.spa.booking.schemas;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A fact on {@code booking.events}: a change of one booking ({@link BookingEvent}, keyed by booking ID) or of a whole
 * session ({@link SessionConfirmed}, keyed by session ID) or of a waitlist entry ({@link WaitlistEvent}, keyed by entry
 * ID), so that the events of one subject stay in order. Delivery is
 * at least once: consumers de-duplicate by {@link #eventId()}. Each record also carries its type and subject as
 * CloudEvents headers ({@link CloudEvents}), so a consumer can filter without parsing the body.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
		@JsonSubTypes.Type(BookingHeld.class),
		@JsonSubTypes.Type(BookingConfirmed.class),
		@JsonSubTypes.Type(BookingCancelled.class),
		@JsonSubTypes.Type(HoldReleased.class),
		@JsonSubTypes.Type(HoldExpired.class),
		@JsonSubTypes.Type(BookingRejected.class),
		@JsonSubTypes.Type(BookingRescheduled.class),
		@JsonSubTypes.Type(BookingCompleted.class),
		@JsonSubTypes.Type(NoShowRecorded.class),
		@JsonSubTypes.Type(FeeCharged.class),
		@JsonSubTypes.Type(SessionConfirmed.class),
		@JsonSubTypes.Type(WaitlistJoined.class),
		@JsonSubTypes.Type(WaitlistLeft.class),
		@JsonSubTypes.Type(WaitlistOffered.class),
		@JsonSubTypes.Type(WaitlistOfferTaken.class),
		@JsonSubTypes.Type(WaitlistOfferExpired.class),
		@JsonSubTypes.Type(WaitlistOfferDeclined.class) })
public sealed interface SpaEvent permits BookingEvent, SessionConfirmed, WaitlistEvent {

	UUID eventId();

	Instant occurredAt();

	/** The request whose command caused this event. */
	UUID requestId();

	/** What the event is about, a booking or a session: its record key on the topic. */
	UUID subject();

	default String type() {
		return getClass().getSimpleName();
	}
}
