package com.spa.booking.schemas;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec for everything on the booking topics, so that gateway, worker and tests agree byte for byte.
 * Unknown properties are ignored (newer producers may add fields); missing required ones fail.
 */
public final class Messages {

	private static final JsonMapper MAPPER = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();

	private static final tools.jackson.databind.ObjectReader EVENTS = MAPPER.readerFor(SpaEvent.class)
		.without(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);

	private Messages() {
	}

	public static String toJson(Object message) {
		return MAPPER.writeValueAsString(message);
	}

	/**
	 * @throws tools.jackson.core.JacksonException if the JSON is malformed or misses a required field
	 */
	public static BookingCommand command(String json) {
		return MAPPER.readValue(json, BookingCommand.class);
	}

	/** The names of the command types, as their {@code type} property and a result's {@code commandType} say. */
	private static final java.util.Set<String> COMMAND_TYPES = java.util.Arrays
		.stream(BookingCommand.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class).value())
		.map(type -> type.value().getSimpleName())
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	/**
	 * What can still be read of a command that cannot be read as a whole: its request ID, and its type if it is one
	 * of ours ({@code unknown} otherwise).
	 */
	public static java.util.Optional<Partial> partialCommand(String json) {
		try {
			var tree = MAPPER.readTree(json);
			var requestId = java.util.UUID.fromString(tree.path("requestId").asString());
			String type = tree.path("type").asString();
			return java.util.Optional.of(new Partial(requestId, COMMAND_TYPES.contains(type) ? type : "unknown"));
		}
		catch (RuntimeException unreadable) {
			return java.util.Optional.empty();
		}
	}

	/** The readable remains of an unreadable command. */
	public record Partial(java.util.UUID requestId, String type) {
	}

	/** A booking policy, as {@link #toJson(Object)} wrote it (the worker keeps each booking's frozen policy so). */
	public static BookingPolicy policy(String json) {
		return MAPPER.readValue(json, BookingPolicy.class);
	}

	public static CommandResult result(String json) {
		return MAPPER.readValue(json, CommandResult.class);
	}

	/**
	 * An event, or empty for a type this version does not know (a newer producer's): a consumer skips it and goes on.
	 *
	 * @throws tools.jackson.core.JacksonException if the JSON is malformed or misses a required field
	 */
	public static java.util.Optional<SpaEvent> event(String json) {
		return java.util.Optional.ofNullable(EVENTS.readValue(json));
	}

	/** A booking's event, or empty for any other (a session's, or a type this version does not know). */
	public static java.util.Optional<BookingEvent> bookingEvent(String json) {
		return event(json).filter(BookingEvent.class::isInstance).map(BookingEvent.class::cast);
	}
}
