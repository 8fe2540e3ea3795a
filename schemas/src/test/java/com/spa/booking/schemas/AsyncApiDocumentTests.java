package com.spa.booking.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** schemas/asyncapi.yaml is a valid AsyncAPI 3 document that names every topic and message, and nothing else. */
class AsyncApiDocumentTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path DOCUMENT = Path.of("asyncapi.yaml");

	@Test
	void theDocumentFollowsTheAsyncApi3Specification() throws IOException {
		try (InputStream spec = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
			var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(spec);

			assertThat(schema.validate(JSON.writeValueAsString(document()), InputFormat.JSON)).isEmpty();
		}
	}

	@Test
	void theChannelsAreTheThreeTopics() throws IOException {
		JsonNode channels = document().path("channels");

		assertThat(channels.path("commands").path("address").asString()).isEqualTo(Topics.COMMANDS);
		assertThat(channels.path("results").path("address").asString()).isEqualTo(Topics.RESULTS);
		assertThat(channels.path("events").path("address").asString()).isEqualTo(Topics.EVENTS);
	}

	@Test
	void everyMessageSchemaIsNamedAndEveryNamedPayloadExists() throws IOException {
		JsonNode messages = document().path("components").path("messages");
		TreeSet<String> payloads = new TreeSet<>();
		messages.properties().forEach(message -> {
			String ref = message.getValue().path("payload").path("schema").path("$ref").asString();
			assertThat(DOCUMENT.resolveSibling(ref).normalize()).as(message.getKey()).exists();
			assertThat(ref).endsWith("/" + message.getKey() + ".schema.json");
			payloads.add(message.getKey());
		});
		try (Stream<Path> files = Files.list(Path.of("src/main/resources/schemas"))) {
			assertThat(payloads).containsExactlyElementsOf(
					new TreeSet<>(files.map(file -> file.getFileName().toString().replace(".schema.json", "")).toList()));
		}
	}

	@Test
	void resultsAndEventsDeclareTheirCloudEventsHeadersAndCommandsDoNot() throws IOException {
		JsonNode document = document();
		for (String channel : List.of("commands", "results", "events")) {
			document.path("channels").path(channel).path("messages").properties().forEach(message -> {
				String name = message.getValue().path("$ref").asString().replace("#/components/messages/", "");
				JsonNode traits = document.path("components").path("messages").path(name).path("traits");
				assertThat(traits.isEmpty()).as(channel + " " + name).isEqualTo(channel.equals("commands"));
			});
		}
	}

	private static JsonNode document() throws IOException {
		try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
			Map<String, Object> yaml = new Yaml().load(reader);
			return JSON.valueToTree(yaml);
		}
	}
}
