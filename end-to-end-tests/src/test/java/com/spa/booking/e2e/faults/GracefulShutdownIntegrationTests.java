package com.spa.booking.e2e.faults;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import com.spa.booking.gateway.GatewayApplication;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.WorkerApplication;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.FreshDatabase;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * A worker stopped (as by SIGTERM) right after commands poured in: what it committed is published before it stops
 * (before another worker runs, every committed command's result is on the topic), and whatever it had not taken yet waits on the topic for the next worker: no request is left
 * without an outcome. (How many the first worker answered depends on timing; the test prints it.) A pipeline of
 * its own (database, topics, consumer group) on the shared broker, so that stopping a worker disturbs no other test.
 */
@Tag("faults")
class GracefulShutdownIntegrationTests {

	@Test
	void aWorkerStoppedUnderLoadLeavesNothingUnpublishedAndEveryRequestGetsAnOutcome() {
		LocalStack stack = TestStack.get();
		FreshDatabase database = FreshDatabase.on(stack);
		String prefix = "shutdown-" + UUID.randomUUID();
		List<String> args = List.of("--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.username(), "--spring.datasource.password=" + database.password(),
				"--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(), "--server.port=0",
				"--spring.main.register-shutdown-hook=false", "--booking.topics.commands=" + prefix + ".commands",
				"--booking.topics.results=" + prefix + ".results", "--booking.topics.events=" + prefix + ".events",
				"--booking.topics.partitions=3", "--booking.worker.group-id=" + prefix);
		ConfigurableApplicationContext worker = start(WorkerApplication.application().run(args.toArray(String[]::new)));
		ConfigurableApplicationContext gateway = start(GatewayApplication.application()
			.run(TestIssuer.gatewayArguments(args.toArray(String[]::new))));
		JdbcClient jdbc = database.jdbc();
		var fixtures = new Fixtures(jdbc);
		UUID service = fixtures.service(30, 0);
		List<UUID> therapists = List.of(fixtures.therapistAroundTheClock(service), fixtures.therapistAroundTheClock(service),
				fixtures.therapistAroundTheClock(service));
		List<UUID> customers = fixtures.customers(150);
		Api api = new Api("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
		Instant day = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
		try (var results = new TopicRecorder<>(stack.kafkaBootstrapServers(), Messages::result, prefix + ".results")) {
			List<String> requests = new ArrayList<>();
			for (int i = 0; i < customers.size(); i++) {
				Api.Response accepted = api.post("/api/v1/bookings", holdJson(customers.get(i), therapists.get(i % 3), service,
						day.plus(30L * (i / 3), ChronoUnit.MINUTES)));
				assertThat(accepted.status()).isEqualTo(202);
				requests.add(accepted.text("requestId"));
			}

			worker.close();

			// everything the stopped worker committed was published before it stopped: no other worker runs yet
			List<UUID> committed = jdbc.sql("SELECT request_id FROM processed_commands").query(UUID.class).list();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(results.records().stream()
				.map(CommandResult::requestId)).as("results of committed commands").containsAll(committed));
			long answeredBeforeStop = committed.size();

			ConfigurableApplicationContext next = start(WorkerApplication.application().run(args.toArray(String[]::new)));
			try {
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					for (String request : requests) {
						assertThat(api.get("/api/v1/requests/" + request).text("status")).as(request).isNotEqualTo("PENDING");
					}
				});
				await().untilAsserted(() -> assertThat(results.records().stream().map(CommandResult::requestId)
					.map(UUID::toString).distinct()).containsAll(requests));
			}
			finally {
				next.close();
			}
			System.out.printf("[shutdown] %d of %d requests answered before the worker stopped%n", answeredBeforeStop,
					requests.size());
			assertThat(jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single()).isEqualTo(requests.size());
		}
		finally {
			gateway.close();
		}
	}

	/** Waits until every consumer of the application has its partitions. */
	private static ConfigurableApplicationContext start(ConfigurableApplicationContext context) {
		await().atMost(Duration.ofSeconds(60)).until(() -> context.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainers()
			.stream()
			.allMatch(container -> container.getAssignedPartitions() != null && !container.getAssignedPartitions().isEmpty()));
		return context;
	}
}
