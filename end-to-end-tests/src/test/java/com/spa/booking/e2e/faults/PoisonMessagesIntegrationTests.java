package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Outcome;

import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.Workload;

/**
 * Records that cannot be read land on the therapists' partitions between the commands of a steady load: each goes to
 * the dead-letter topic with headers saying why and where it came from, those with a readable request ID are answered
 * {@code FAILED} once, and every good command is still applied (reconciled afterwards). {@code -Dfaults.rounds=N}
 * repeats it.
 */
@Tag("faults")
class PoisonMessagesIntegrationTests {

	@Test
	void poisonRecordsAmongGoodOnesAreAllDeadLetteredAndEveryGoodOneIsApplied() throws Exception {
		Faults.repeat("poison records among good ones", random -> {
			try (Pipeline pipeline = Pipeline.onTestStack("poison")) {
				pipeline.startWorker();
				Workload load = pipeline.workload(pipeline.startGateway(), random, 4, 5000);
				load.start(4);
				List<UUID> answerable = new ArrayList<>();
				int poisoned = 0;
				try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
						pipeline.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
					for (; poisoned < 30; poisoned++) {
						UUID therapist = load.therapists().get(random.nextInt(load.therapists().size()));
						UUID request = UUID.randomUUID();
						String poison = poison(random, request, therapist);
						if (poison.contains(request.toString())) {
							answerable.add(request);
						}
						producer.send(new ProducerRecord<>(pipeline.commandsTopic(), therapist.toString(), poison));
						Thread.sleep(50 + random.nextInt(250));
					}
				}
				int atLastPoison = pipeline.results().records().size();
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= atLastPoison + 30);
				load.stop();

				assertThat(load.unexpected()).isEmpty();
				int expected = poisoned;
				try (var deadLetters = TopicRecorder.records(pipeline.bootstrapServers(),
						pipeline.commandsTopic() + ".DLT")) {
					await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.records().size() >= expected);
					assertThat(deadLetters.records()).hasSize(expected).allSatisfy(record -> {
						assertThat(header(record, "kafka_dlt-exception-fqcn")).isNotBlank();
						assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(pipeline.commandsTopic());
						assertThat(record.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
					});
				}
				System.out.printf("[faults] %d poison records (%d with a readable request ID) among %s%n", expected,
						answerable.size(), load);
				Reconciliation.verify(pipeline, load.accepted());
				// answered once: copies, if any, are identical (the reconciliation checked that)
				for (UUID request : answerable) {
					assertThat(pipeline.results().records().stream().filter(result -> result.requestId().equals(request))
						.map(CommandResult::outcome).distinct()).as("answer to %s", request).containsExactly(Outcome.FAILED);
				}
			}
		});
	}

	/** Not JSON, an unknown type, or a hold whose request ID can be read but whose start cannot. */
	private static String poison(Random random, UUID request, UUID therapist) {
		return switch (random.nextInt(3)) {
			case 0 -> "not json " + request.toString().substring(0, 8);
			case 1 -> "{\"type\":\"Unknown\",\"therapistId\":\"" + therapist + "\"}";
			default -> "{\"type\":\"PlaceHold\",\"requestId\":\"" + request + "\",\"therapistId\":\"" + therapist
					+ "\",\"start\":\"tomorrow\"}";
		};
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		var header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}
}
