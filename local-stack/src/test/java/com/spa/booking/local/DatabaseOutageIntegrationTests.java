package com.spa.booking.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import com.spa.booking.infra.EmbeddedPostgresServer;
import com.spa.booking.infra.TopicRecorder;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.worker.WorkerApplication;

/**
 * PostgreSQL stops under load and comes back: the worker stalls (retrying, never skipping), then catches up, and
 * nothing is lost. A worker, topics and a PostgreSQL server of its own, so that the outage touches no other test.
 * {@code -Dfaults.outage=PT10S} sets how long the database stays down.
 */
class DatabaseOutageIntegrationTests {

	@Test
	void theWorkerStallsWhileThePostgresServerIsDownAndCatchesUpWithNothingLost() throws Exception {
		LocalStack stack = TestStack.get();
		Path dataDirectory = Files.createTempDirectory("outage-postgres");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, port);
		String prefix = "outage-" + UUID.randomUUID();
		ConfigurableApplicationContext worker = WorkerApplication.application()
			.run("--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=postgres",
					"--spring.datasource.hikari.connection-timeout=2000",
					"--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(), "--server.port=0",
					"--spring.main.register-shutdown-hook=false", "--booking.topics.commands=" + prefix + ".commands",
					"--booking.topics.results=" + prefix + ".results", "--booking.topics.events=" + prefix + ".events",
					"--booking.topics.partitions=3", "--booking.worker.group-id=" + prefix);
		try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				stack.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer());
				var results = new TopicRecorder<>(stack.kafkaBootstrapServers(), Messages::result, prefix + ".results")) {
			await().atMost(Duration.ofSeconds(60)).until(() -> worker.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainers().stream()
				.allMatch(container -> container.getAssignedPartitions() != null && !container.getAssignedPartitions().isEmpty()));
			var fixtures = new Fixtures(jdbc(port));
			UUID service = fixtures.service(30, 0);
			List<UUID> therapists = List.of(fixtures.therapistAroundTheClock(service), fixtures.therapistAroundTheClock(service),
					fixtures.therapistAroundTheClock(service));
			List<UUID> customers = fixtures.customers(90);
			Instant day = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
			List<PlaceHold> holds = new ArrayList<>();
			for (int i = 0; i < customers.size(); i++) {
				holds.add(new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customers.get(i),
						therapists.get(i % 3), service, day.plus(30L * (i / 3), ChronoUnit.MINUTES)));
			}

			send(producer, prefix + ".commands", holds.subList(0, 30));
			postgres.close();
			send(producer, prefix + ".commands", holds.subList(30, 60));
			// the fault itself: the database stays away this long
			Thread.sleep(Duration.parse(System.getProperty("faults.outage", "PT10S")).toMillis());
			postgres = EmbeddedPostgresServer.start(dataDirectory, port);
			send(producer, prefix + ".commands", holds.subList(60, 90));

			await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(results.records().stream()
				.map(CommandResult::requestId).distinct()).containsAll(holds.stream().map(PlaceHold::requestId).toList()));
			assertThat(results.records()).allSatisfy(result -> assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED));
			JdbcClient jdbc = jdbc(port);
			assertThat(jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single()).isEqualTo(90);
			assertThat(jdbc.sql("SELECT count(*) FROM processed_commands").query(Long.class).single()).isEqualTo(90);
			// it did stall: commands failed for want of the database and were retried, not skipped
			var meters = worker.getBean(io.micrometer.core.instrument.MeterRegistry.class);
			assertThat(meters.counter("booking.commands.retries").count()).isPositive();
			assertThat(meters.counter("booking.commands.dead.lettered").count()).isZero();
			assertThat(jdbc.sql(ConcurrentBookingIntegrationTests.OVERLAPPING_ACTIVE_PAIRS)
				.param(therapists.toArray(UUID[]::new)).query(Long.class).single()).isZero();
		}
		finally {
			worker.close();
			postgres.close();
		}
	}

	private static void send(KafkaProducer<String, String> producer, String topic, List<PlaceHold> holds) {
		holds.forEach(hold -> producer.send(new ProducerRecord<>(topic, hold.partitionKey(), Messages.toJson(hold))));
		producer.flush();
	}

	private static JdbcClient jdbc(int port) {
		return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(),
				"jdbc:postgresql://localhost:" + port + "/postgres", "postgres", ""));
	}
}
