package com.spa.booking.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.spa.booking.infra.KafkaBrokerProcess;
import com.spa.booking.schemas.CommandResult;

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
			try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(Pipeline.temporaryDirectory("broker"));
					Pipeline pipeline = Pipeline.on(TestStack.get(), broker.bootstrapServers(), "broker")) {
				pipeline.startWorker();
				Workload load = new Workload(pipeline.fixtures(), Pipeline.api(pipeline.startGateway()), random, 4, 5000);
				load.start(4);
				int stopAfter = 30 + random.nextInt(60);
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= stopAfter);

				broker.stop();
				// the fault itself: the broker stays away this long
				Thread.sleep(outage.toMillis());
				int refused = load.answered(503);
				broker.restart();
				int atRestart = pipeline.results().records().size();
				await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.results().records().size() >= atRestart + 50);
				load.stop();

				// a request answered 503 whose command the dying broker had stored all the same: applied, as documented
				long appliedDespite503 = pipeline.results().records().stream().map(CommandResult::requestId).distinct()
					.filter(request -> !load.accepted().contains(request)).count();
				System.out.printf("[faults] broker down for %d s after %d results, %d requests refused meanwhile; %d "
						+ "answered 503 were applied all the same; %s%n", outage.toSeconds(), stopAfter, refused, appliedDespite503, load);
				assertThat(load.unexpected()).isEmpty();
				assertThat(refused).as("requests refused while the broker was down").isPositive();
				assertThat(load.slowest(503)).as("slowest 503, ms").isLessThan(10_000);
				Reconciliation.verify(pipeline, load.accepted());
			}
		});
	}
}
