package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.spa.booking.infra.EmbeddedPostgresServer;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.PlaceHold;

import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.e2e.support.FreshDatabase;
import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Workload;
import com.spa.booking.local.LocalStack;

/**
 * PostgreSQL stops under load and comes back: the gateway answers {@code 503} in seconds meanwhile, the worker stalls
 * (retrying, never skipping), then catches up, and nothing is lost. A PostgreSQL server, topics and consumer group of
 * the test's own, so that the outage touches no other test. {@code -Dfaults.outage=PT10S} sets how long the database
 * stays down; {@code -Dfaults.rounds=N} repeats it.
 */
@Tag("faults")
class DatabaseOutageIntegrationTests {

	@Test
	void whileThePostgresServerIsDownTheWorkerStallsAndThenCatchesUpWithNothingLost() throws Exception {
		Duration outage = Duration.parse(System.getProperty("faults.outage", "PT10S"));
		Faults.repeat("PostgreSQL down for " + outage.toSeconds() + " s", random -> {
			Path dataDirectory = Pipeline.temporaryDirectory("outage-postgres");
			int port = Pipeline.freePort();
			AtomicReference<EmbeddedPostgresServer> postgres = new AtomicReference<>(
					EmbeddedPostgresServer.start(dataDirectory, port));
			var database = new FreshDatabase(postgres.get().jdbcUrl(), postgres.get().username(),
					postgres.get().password());
			try (Pipeline pipeline = Pipeline.on(TestStack.get().kafkaBootstrapServers(), database, "outage")) {
				ConfigurableApplicationContext worker = pipeline
					.startWorker("--spring.datasource.hikari.connection-timeout=2000");
				Workload load = pipeline.workload(pipeline.startGateway(), random, 4, 5000);
				List<UUID> customers = pipeline.fixtures().customers(20);
				load.start(4);
				int stopAfter = 30 + random.nextInt(60);
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= stopAfter);

				long down = System.nanoTime();
				postgres.get().close();
				// commands still on their way when the database went (sent straight to the topic, as the gateway can
				// no longer): the worker meets the outage with work to do
				List<UUID> queued = queue(pipeline, load, customers, random);
				// what a customer meets meanwhile: a quick 503 that says to come back, and nothing recorded
				for (int i = 0; i < 3; i++) {
					Workload.Answer answer = load.hold();
					assertThat(answer.response().status()).isEqualTo(503);
					assertThat(answer.response().contentType()).isEqualTo("application/problem+json");
					assertThat(answer.response().header("Retry-After")).isEqualTo("5");
					assertThat(answer.millis()).as("ms to answer").isLessThan(10_000);
				}
				// the fault itself: the database stays away this long
				Thread.sleep(Math.max(0, outage.toMillis() - (System.nanoTime() - down) / 1_000_000));
				postgres.set(EmbeddedPostgresServer.start(dataDirectory, port));
				int atRestart = pipeline.results().records().size();
				await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.results().records().size() >= atRestart + 50);
				load.stop();

				System.out.printf("[faults] database down for %d s after %d results; %s%n", outage.toSeconds(), stopAfter,
						load);
				assertThat(load.unexpected()).isEmpty();
				assertThat(load.slowest(503)).as("slowest 503, ms").isLessThan(10_000);
				List<UUID> accepted = new ArrayList<>(load.accepted());
				accepted.addAll(queued);
				Reconciliation.verify(pipeline, accepted);
				// it did stall: commands failed for want of the database and were retried, not skipped
				MeterRegistry meters = worker.getBean(MeterRegistry.class);
				assertThat(meters.counter("booking.commands.retries").count()).isPositive();
				assertThat(meters.counter("booking.commands.dead.lettered").count()).isZero();
			}
			finally {
				postgres.get().close();
				LocalStack.deleteRecursively(dataDirectory);
			}
		});
	}

	/** Holds put straight on the commands topic; returns their request IDs. */
	private static List<UUID> queue(Pipeline pipeline, Workload load, List<UUID> customers, Random random) {
		Instant day = Instant.now().plus(25 + random.nextInt(300), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
		List<UUID> requests = new ArrayList<>();
		try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				pipeline.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
			for (UUID customer : customers) {
				var hold = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer,
						load.therapists().get(random.nextInt(load.therapists().size())),
						load.services().get(random.nextInt(load.services().size())),
						day.plus(15L * random.nextInt(16), ChronoUnit.MINUTES));
				producer.send(new ProducerRecord<>(pipeline.commandsTopic(), hold.partitionKey(), Messages.toJson(hold)));
				requests.add(hold.requestId());
			}
		}
		return requests;
	}
}
