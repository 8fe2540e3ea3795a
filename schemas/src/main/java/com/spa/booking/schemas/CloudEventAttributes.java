package com.spa.booking.schemas;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * The CloudEvents attributes of a message on {@code booking.results} or {@code booking.events}, carried as Kafka
 * headers in binary mode ({@code ce_id}, {@code ce_type}, {@code ce_subject}, {@code ce_time},
 * {@code ce_dataschema}; {@code ce_source} is the producing deployment's). They let a consumer route and filter
 * without parsing the body, and say which schema the body follows.
 *
 * @param id the event ID; for a result, the request ID (a request has one result, sent again on redelivery)
 * @param type such as {@code com.spa.booking.BookingConfirmed.v1}
 * @param subject the booking or session the message is about; null for a result about neither
 */
public record CloudEventAttributes(String id, String type, URI dataSchema, String subject, Instant time) {

	/** The version of the message schemas in {@code schemas/}: it changes only with an incompatible change. */
	public static final int SCHEMA_VERSION = 1;

	public static CloudEventAttributes of(SpaEvent event) {
		return of(event.eventId().toString(), event.type(), event.subject(), event.occurredAt());
	}

	public static CloudEventAttributes of(CommandResult result) {
		UUID subject = result.session() != null ? result.session().sessionId() : result.bookingId();
		return of(result.requestId().toString(), "CommandResult", subject, result.processedAt());
	}

	private static CloudEventAttributes of(String id, String messageType, UUID subject, Instant time) {
		return new CloudEventAttributes(id, type(messageType), dataSchema(messageType),
				subject == null ? null : subject.toString(), time);
	}

	/** The CloudEvents type of a message type, {@code com.spa.booking.<type>.v<version>}. */
	public static String type(String messageType) {
		return "com.spa.booking." + messageType + ".v" + SCHEMA_VERSION;
	}

	/** The {@code $id} of the message type's JSON Schema in {@code schemas/}. */
	public static URI dataSchema(String messageType) {
		return URI.create("urn:spa-booking:schema:" + messageType + ":v" + SCHEMA_VERSION);
	}
}
