package com.spa.booking.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Whether a message schema can replace the last released one without breaking anyone. No JSON Schema compatibility
 * checker is published on Maven Central (Confluent's lives in its own repository), so these are the rules we promise
 * in docs/events.md, checked on the schema trees:
 * <ul>
 * <li>no property disappears, and none changes its {@code const}, {@code format} or {@code $ref}'d shape;</li>
 * <li>enum values are never removed (consumers are told to treat unknown values as "other", so values may be added);</li>
 * <li>{@code additionalProperties: false} is never introduced;</li>
 * <li>what we produce and others consume (results, events): a required property stays required, and a property
 * accepts no JSON type it did not accept before;</li>
 * <li>commands, which old and new gateways and workers exchange during a rolling upgrade: no property becomes
 * required and a property's types stay exactly as they were.</li>
 * </ul>
 */
final class SchemaCompatibility {

	enum Direction {

		/** Results and events: read by services we do not deploy. */
		PRODUCED,

		/** Commands: written and read by our own apps, old and new side by side. */
		EXCHANGED
	}

	private final JsonNode releasedRoot;

	private final JsonNode currentRoot;

	private final Direction direction;

	private final List<String> problems = new ArrayList<>();

	private SchemaCompatibility(JsonNode releasedRoot, JsonNode currentRoot, Direction direction) {
		this.releasedRoot = releasedRoot;
		this.currentRoot = currentRoot;
		this.direction = direction;
	}

	/** What breaks compatibility; empty when the current schema may replace the released one. */
	static List<String> problems(JsonNode released, JsonNode current, Direction direction) {
		SchemaCompatibility check = new SchemaCompatibility(released, current, direction);
		check.compare("", released, current);
		return check.problems;
	}

	private void compare(String path, JsonNode releasedNode, JsonNode currentNode) {
		JsonNode released = resolve(releasedRoot, releasedNode);
		JsonNode current = resolve(currentRoot, currentNode);
		if (released.has("const") && !released.get("const").equals(current.get("const"))) {
			problems.add(path + ": const changed from " + released.get("const") + " to " + current.get("const"));
		}
		if (released.has("format") && !released.get("format").equals(current.get("format"))) {
			problems.add(path + ": format changed from " + released.get("format") + " to " + current.get("format"));
		}
		if (released.has("enum")) {
			Set<JsonNode> now = current.has("enum") ? set(current.get("enum")) : Set.of();
			for (JsonNode value : released.get("enum")) {
				if (!now.contains(value)) {
					problems.add(path + ": enum value " + value + " removed");
				}
			}
		}
		compareTypes(path, released, current);
		if (!released.path("additionalProperties").isBoolean() && current.path("additionalProperties").isBoolean()
				&& !current.get("additionalProperties").asBoolean()) {
			problems.add(path + ": additionalProperties false introduced");
		}
		compareRequired(path, released, current);
		released.path("properties").properties().forEach(property -> {
			JsonNode now = current.path("properties").get(property.getKey());
			if (now == null) {
				problems.add(path + "/" + property.getKey() + ": property removed");
			}
			else {
				compare(path + "/" + property.getKey(), property.getValue(), now);
			}
		});
		if (released.has("items") && current.has("items")) {
			compare(path + "[]", released.get("items"), current.get("items"));
		}
		compareAlternatives(path, released, current);
	}

	private void compareTypes(String path, JsonNode released, JsonNode current) {
		Set<String> before = types(released);
		Set<String> after = types(current);
		if (before.isEmpty() || after.isEmpty()) {
			return;
		}
		boolean broken = switch (direction) {
			case PRODUCED -> !before.containsAll(after);
			case EXCHANGED -> !before.equals(after);
		};
		if (broken) {
			problems.add(path + ": types changed from " + before + " to " + after);
		}
	}

	private void compareRequired(String path, JsonNode released, JsonNode current) {
		Set<JsonNode> before = set(released.path("required"));
		Set<JsonNode> after = set(current.path("required"));
		if (direction == Direction.PRODUCED) {
			before.stream().filter(name -> !after.contains(name))
				.forEach(name -> problems.add(path + ": " + name + " no longer required"));
		}
		else {
			after.stream().filter(name -> !before.contains(name))
				.forEach(name -> problems.add(path + ": " + name + " newly required"));
		}
	}

	/** oneOf alternatives are compared by position: an object alternative, then null, as the schemas write them. */
	private void compareAlternatives(String path, JsonNode released, JsonNode current) {
		JsonNode before = released.path("oneOf");
		JsonNode after = current.path("oneOf");
		for (int i = 0; i < before.size(); i++) {
			if (i >= after.size()) {
				problems.add(path + ": oneOf alternative " + i + " removed");
			}
			else {
				compare(path + "|" + i, before.get(i), after.get(i));
			}
		}
		if (direction == Direction.PRODUCED && after.size() > before.size() && before.size() > 0) {
			problems.add(path + ": oneOf alternatives added");
		}
	}

	/** The JSON types a schema node allows, from {@code type}; empty when it does not say. */
	private static Set<String> types(JsonNode schema) {
		JsonNode type = schema.path("type");
		Set<String> types = new HashSet<>();
		if (type.isString()) {
			types.add(type.asString());
		}
		type.forEach(each -> types.add(each.asString()));
		return types;
	}

	private static JsonNode resolve(JsonNode root, JsonNode schema) {
		String ref = schema.path("$ref").asString("");
		return ref.startsWith("#/") ? root.at(ref.substring(1)) : schema;
	}

	private static Set<JsonNode> set(JsonNode array) {
		Set<JsonNode> set = new HashSet<>();
		array.forEach(set::add);
		return set;
	}
}
