package com.spa.booking.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.spa.booking.schemas.CloudEventAttributes;

import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.infra.Kafka;

/**
 * What a consumer written from {@code schemas/} alone may rely on, checked on a record as it was read from Kafka: the
 * body follows the JSON Schema of its type, and results and events carry their CloudEvents attributes as binary-mode
 * headers, naming that type and schema. Topics are told apart by their names' last part ({@code commands},
 * {@code results}, {@code events}), so prefixed test topics are checked too.
 */
public final class MessageContract {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TYPE_PREFIX = "com.spa.booking.";

	private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

	private MessageContract() {
	}

	/** Everything about the record that breaks the contract; empty if nothing does. */
	public static List<String> violations(ConsumerRecord<String, String> record) {
		String topic = record.topic();
		String kind = topic.substring(topic.lastIndexOf('.') + 1);
		List<String> violations = new ArrayList<>();
		String type;
		try {
			type = switch (kind) {
				case "commands" -> JSON.readTree(record.value()).path("type").asString();
				case "results", "events" -> typeFromHeaders(record, kind, violations);
				default -> null;
			};
		}
		catch (RuntimeException unreadable) {
			return List.of(where(record) + "not JSON: " + unreadable.getMessage());
		}
		if (type == null) {
			return violations;
		}
		JsonSchema schema = schema(type);
		if (schema == null) {
			violations.add(where(record) + "no published schema for type '" + type + "'");
			return violations;
		}
		for (ValidationMessage message : schema.validate(record.value(), InputFormat.JSON)) {
			violations.add(where(record) + type + " does not follow its schema: " + message.getMessage());
		}
		return violations;
	}

	private static String typeFromHeaders(ConsumerRecord<String, String> record, String kind, List<String> violations) {
		for (String required : List.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_dataschema",
				"content-type")) {
			if (header(record, required) == null) {
				violations.add(where(record) + "no " + required + " header");
			}
		}
		if (!"1.0".equals(header(record, "ce_specversion"))) {
			violations.add(where(record) + "ce_specversion is not 1.0");
		}
		if (!"application/json".equals(header(record, "content-type"))) {
			violations.add(where(record) + "content-type is not application/json");
		}
		String ceType = header(record, "ce_type");
		if (ceType == null || !ceType.startsWith(TYPE_PREFIX) || ceType.lastIndexOf(".v") < TYPE_PREFIX.length()) {
			violations.add(where(record) + "ce_type '" + ceType + "' is not com.spa.booking.<type>.v<version>");
			return null;
		}
		String type = ceType.substring(TYPE_PREFIX.length(), ceType.lastIndexOf(".v"));
		if (!CloudEventAttributes.dataSchema(type).toString().equals(header(record, "ce_dataschema"))) {
			violations.add(where(record) + "ce_dataschema " + header(record, "ce_dataschema") + " is not " + type
					+ "'s schema");
		}
		if (kind.equals("events") && !record.key().equals(header(record, "ce_subject"))) {
			violations.add(where(record) + "ce_subject " + header(record, "ce_subject") + " is not the key " + record.key());
		}
		String bodyType = kind.equals("events") ? JSON.readTree(record.value()).path("type").asString() : "CommandResult";
		if (!type.equals(bodyType)) {
			violations.add(where(record) + "ce_type names " + type + " but the body is a " + bodyType);
		}
		return type;
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	private static JsonSchema schema(String type) {
		if (!type.matches("[A-Za-z]+")) {
			return null;
		}
		return SCHEMAS.computeIfAbsent(type, name -> {
			try (InputStream in = MessageContract.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
				return in == null ? null
						: JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static String where(ConsumerRecord<String, String> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset() + ": ";
	}
}
