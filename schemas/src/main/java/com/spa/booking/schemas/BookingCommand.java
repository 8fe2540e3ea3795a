package com.spa.booking.schemas;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A command on {@code booking.commands}, keyed by {@link #partitionKey()}: the therapist, so that all commands for one
 * therapist are applied in order by one consumer (a session's: one of its therapists; a waitlist's: the customer).
 *
 * <p>{@link #requestedAt()} is stamped once, by whoever issues the command, and every time-dependent decision
 * (has the hold expired?) is taken against it rather than against the worker's clock, so replaying the log
 * gives the same outcome.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
		@JsonSubTypes.Type(PlaceHold.class),
		@JsonSubTypes.Type(ConfirmBooking.class),
		@JsonSubTypes.Type(CancelBooking.class),
		@JsonSubTypes.Type(ExpireHold.class),
		@JsonSubTypes.Type(RescheduleBooking.class),
		@JsonSubTypes.Type(CompleteBooking.class),
		@JsonSubTypes.Type(RecordNoShow.class),
		@JsonSubTypes.Type(HoldSession.class),
		@JsonSubTypes.Type(ConfirmSession.class),
		@JsonSubTypes.Type(CancelSession.class),
		@JsonSubTypes.Type(ExpireSession.class),
		@JsonSubTypes.Type(JoinWaitlist.class),
		@JsonSubTypes.Type(LeaveWaitlist.class) })
public sealed interface BookingCommand
		permits PlaceHold, ConfirmBooking, CancelBooking, ExpireHold, RescheduleBooking, CompleteBooking, RecordNoShow,
		SessionCommand, WaitlistCommand {

	/** Correlates the command with its result; the idempotency key of the worker. */
	UUID requestId();

	Instant requestedAt();

	UUID therapistId();

	/**
	 * The booking the command is about; null for a {@link SessionCommand}, which is about several, and for a
	 * {@link WaitlistCommand}, which is about a waitlist entry.
	 */
	UUID bookingId();

	/** The Kafka record key: every command of a therapist goes to the same partition. */
	default String partitionKey() {
		return therapistId().toString();
	}

	/**
	 * What the command asks for, without who asked or when: two requests under one Idempotency-Key must ask for the
	 * same. Gateways keep it with the request, so it must not change between releases.
	 */
	default String fingerprint() {
		return type() + "|" + bookingId();
	}

	/** The name used in the {@code type} property and in results. */
	default String type() {
		return getClass().getSimpleName();
	}
}
