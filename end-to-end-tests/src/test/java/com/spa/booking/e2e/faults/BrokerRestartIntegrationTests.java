package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.spa.booking.testing.KafkaBrokerProcess;
import com.spa.booking.schemas.CommandResult;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Workload;
import com.spa.booking.local.LocalStack;

/**
 * The Kafka broker dies under load ({@code kill -9}) and is started again on its old data: while it is gone the
 * gateway answers {@code 503} problem+json within seconds (bounded waits, no hung threads) and accepts nothing it
 * could not queue; once it is back, the pipeline resumes by itself and every accepted request gets its outcome. A
 * broker in a JVM of its own, so that the outage touches no other test. {@code -Dfaults.broker-outage=PT8S} sets how
 * long it stays down; {@code -Dfaults.rounds=N} repeats it.
 */
@Tag("faults")
class BrokerRestartIntegrationTests {

	@Test
	void whileTheBrokerIsDownTheGatewayAnswers503QuicklyAndThePipelineResumesAfterItsRestart() throws Exception {
		Duration outage = Duration.parse(System.getProperty("faults.broker-outage", "PT8S"));
		Faults.repeat("broker down for " + outage.toSeconds() + " s", random -> {
			Path directory = Pipeline.temporaryDirectory("broker");
			try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(directory);
					Pipeline pipeline = Pipeline.on(TestStack.get(), broker.bootstrapServers(), "broker")) {
				pipeline.startWorker();
				ConfigurableApplicationContext gateway = pipeline.startGateway();
				Workload load = pipeline.workload(gateway, random, 4, 5000);
				load.start(4);
				int stopAfter = 30 + random.nextInt(60);
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= stopAfter);

				long down = System.nanoTime();
				broker.stop();
				// what a customer meets meanwhile: a 503 within seconds, not a hung request
				for (int i = 0; i < 2; i++) {
					Workload.Answer answer = load.hold();
					assertThat(answer.response().status()).isEqualTo(503);
					assertThat(answer.response().contentType()).isEqualTo("application/problem+json");
					assertThat(answer.millis()).as("ms to answer").isLessThan(10_000);
				}
				// the fault itself: the broker stays away this long
				Thread.sleep(Math.max(0, outage.toMillis() - (System.nanoTime() - down) / 1_000_000));
				broker.restart();
				int atRestart = pipeline.results().records().size();
				await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.results().records().size() >= atRestart + 50);
				load.stop();

				assertThat(load.unexpected()).isEmpty();
				assertThat(load.slowest(503)).as("slowest 503, ms").isLessThan(10_000);
				Reconciliation.verify(pipeline, load.accepted());
				// a request answered 503 whose command the dying broker had stored all the same is applied, and its
				// status says so
				Map<UUID, CommandResult> results = pipeline.results().records().stream()
					.collect(Collectors.toMap(CommandResult::requestId, result -> result, (first, copy) -> first));
				List<UUID> appliedAnyway = load.rejected().stream().filter(results::containsKey).toList();
				Api api = Pipeline.api(gateway);
				for (UUID request : appliedAnyway) {
					assertThat(api.get("/api/v1/requests/" + request).text("status"))
						.isEqualTo(results.get(request).outcome().name());
				}
				System.out.printf("[faults] broker down for %d s after %d results; %d requests answered 503, %d of them "
						+ "applied all the same; %s%n", outage.toSeconds(), stopAfter, load.answered(503),
						appliedAnyway.size(), load);
			}
			finally {
				LocalStack.deleteRecursively(directory);
			}
		});
	}
}
