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

	/**
	 * What can still be read of a command that cannot be read as a whole: its request ID and type, if they are there.
	 */
	public static java.util.Optional<Partial> partialCommand(String json) {
		try {
			var tree = MAPPER.readTree(json);
			var requestId = java.util.UUID.fromString(tree.path("requestId").asString());
			String type = tree.path("type").asString();
			return java.util.Optional.of(new Partial(requestId, type.isBlank() ? "unknown" : type));
		}
		catch (RuntimeException unreadable) {
			return java.util.Optional.empty();
		}
	}

	/** The readable remains of an unreadable command. */
	public record Partial(java.util.UUID requestId, String type) {
	}

	public static CommandResult result(String json) {
		return MAPPER.readValue(json, CommandResult.class);
	}

	public static BookingEvent event(String json) {
		return MAPPER.readValue(json, BookingEvent.class);
	}
}
