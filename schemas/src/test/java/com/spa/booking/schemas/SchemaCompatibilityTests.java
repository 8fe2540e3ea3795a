package com.spa.booking.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.spa.booking.schemas.SchemaCompatibility.Direction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaCompatibilityTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path RELEASED = Path.of("released/v1");

	static final Path CURRENT = Path.of("src/main/resources/schemas");

	static Stream<String> releasedSchemas() throws IOException {
		try (Stream<Path> files = Files.list(RELEASED)) {
			return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
		}
	}

	@ParameterizedTest
	@MethodSource("releasedSchemas")
	void everyReleasedSchemaIsStillThereAndCompatible(String file) throws IOException {
		Path current = CURRENT.resolve(file);
		assertThat(current).as("a released schema may not be removed").exists();
		JsonNode released = JSON.readTree(RELEASED.resolve(file).toFile());

		assertThat(SchemaCompatibility.problems(released, JSON.readTree(current.toFile()), directionOf(released)))
			.isEmpty();
	}

	@Test
	void everyCopyOfTheBookingSnapshotIsTheSame() throws IOException {
		try (Stream<Path> files = Files.list(CURRENT)) {
			List<JsonNode> copies = files.map(file -> JSON.readTree(file.toFile()).path("$defs").get("BookingSnapshot"))
				.filter(snapshot -> snapshot != null)
				.toList();
			assertThat(copies).hasSizeGreaterThan(5).allMatch(copies.get(0)::equals);
		}
	}

	// the rules themselves, on small schemas

	@Test
	void addingAnOptionalPropertyIsCompatibleBothWays() {
		JsonNode before = schema("{'type':'object','required':['a'],'properties':{'a':{'type':'string'}}}");
		JsonNode after = schema("{'type':'object','required':['a'],'properties':{'a':{'type':'string'},'b':{'type':'integer'}}}");

		assertThat(SchemaCompatibility.problems(before, after, Direction.PRODUCED)).isEmpty();
		assertThat(SchemaCompatibility.problems(before, after, Direction.EXCHANGED)).isEmpty();
	}

	@Test
	void removingAPropertyBreaks() {
		JsonNode before = schema("{'properties':{'a':{'type':'string'},'b':{'type':'string'}}}");
		JsonNode after = schema("{'properties':{'a':{'type':'string'}}}");

		assertThat(SchemaCompatibility.problems(before, after, Direction.PRODUCED)).containsExactly("/b: property removed");
	}

	@Test
	void aNewRequiredPropertyBreaksACommandButNotAnEvent() {
		JsonNode before = schema("{'properties':{'a':{'type':'string'}}}");
		JsonNode after = schema("{'required':['a'],'properties':{'a':{'type':'string'}}}");

		assertThat(SchemaCompatibility.problems(before, after, Direction.EXCHANGED)).containsExactly(": \"a\" newly required");
		assertThat(SchemaCompatibility.problems(before, after, Direction.PRODUCED)).isEmpty();
	}

	@Test
	void anEventFieldThatMayNowBeNullBreaksConsumers() {
		JsonNode before = schema("{'properties':{'a':{'type':'string'}}}");
		JsonNode after = schema("{'properties':{'a':{'type':['string','null']}}}");

		assertThat(SchemaCompatibility.problems(before, after, Direction.PRODUCED)).hasSize(1);
		assertThat(SchemaCompatibility.problems(after, before, Direction.PRODUCED)).isEmpty();
	}

	@Test
	void removingAnEnumValueOrAFieldsRequirementBreaks() {
		JsonNode before = schema("{'required':['s'],'properties':{'s':{'enum':['A','B']}}}");
		JsonNode after = schema("{'properties':{'s':{'enum':['A','C']}}}");

		assertThat(SchemaCompatibility.problems(before, after, Direction.PRODUCED))
			.containsExactlyInAnyOrder("/s: enum value \"B\" removed", ": \"s\" no longer required");
	}

	@Test
	void changesInsideAReferencedDefinitionAreFound() {
		JsonNode before = schema("{'properties':{'b':{'$ref':'#/$defs/B'}},'$defs':{'B':{'properties':{'x':{'format':'uuid'}}}}}");
		JsonNode after = schema("{'properties':{'b':{'$ref':'#/$defs/B'}},'$defs':{'B':{'properties':{'x':{'format':'date'}}}}}");

		assertThat(SchemaCompatibility.problems(before, after, Direction.PRODUCED)).hasSize(1);
	}

	private static Direction directionOf(JsonNode schema) {
		return schema.path("description").asString().contains("booking.commands") ? Direction.EXCHANGED
				: Direction.PRODUCED;
	}

	private static JsonNode schema(String json) {
		return JSON.readTree(json.replace('\'', '"'));
	}
}
