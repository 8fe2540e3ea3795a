package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.WorkerProcess;
import com.spa.booking.e2e.support.Workload;

/**
 * Two workers share the commands under steady load; one is killed outright ({@code kill -9}: no shutdown hook, no
 * draining, its database connections simply gone), mid-stream. The other takes its partitions over, and nothing is
 * lost, doubled or announced twice. {@code -Dfaults.rounds=N} repeats it.
 */
@Tag("faults")
class WorkerCrashIntegrationTests {

	/** Kafka's least session timeout: the group notices the dead worker within seconds, not the default 45. */
	private static final String QUICK_SESSION_TIMEOUT = "--spring.kafka.consumer.properties.session.timeout.ms=6000";

	@Test
	void whenOneOfTwoWorkersIsKilledMidStreamTheOtherTakesOverWithNothingLostOrDoubled() throws Exception {
		Faults.repeat("worker killed mid-stream", random -> {
			try (Pipeline pipeline = Pipeline.onTestStack("crash")) {
				ConfigurableApplicationContext survivor = pipeline.startWorker(QUICK_SESSION_TIMEOUT);
				WorkerProcess doomed = pipeline.startWorkerProcess(QUICK_SESSION_TIMEOUT);
				await().atMost(Duration.ofSeconds(60)).until(() -> assigned(survivor) < Pipeline.PARTITIONS);
				Workload load = pipeline.workload(pipeline.startGateway(), random, 4, 5000);
				load.start(6);

				int haltAfter = 40 + random.nextInt(80);
				await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.results().records().size() >= haltAfter);
				assertThat(doomed.isAlive()).as("the doomed worker, still running:%n%s", doomed.logTail()).isTrue();
				doomed.halt();
				int atHalt = pipeline.results().records().size();

				await().atMost(Duration.ofSeconds(60)).until(() -> assigned(survivor) == Pipeline.PARTITIONS);
				await().atMost(Duration.ofSeconds(120)).until(() -> pipeline.results().records().size() >= atHalt + 100);
				load.stop();

				System.out.printf("[faults] killed the second worker after %d results; %s%n", atHalt, load);
				assertThat(load.unexpected()).isEmpty();
				Reconciliation.verify(pipeline, load.accepted());
			}
		});
	}

	private static int assigned(ConfigurableApplicationContext worker) {
		return worker.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainers()
			.stream()
			.map(MessageListenerContainer::getAssignedPartitions)
			.mapToInt(partitions -> partitions == null ? 0 : partitions.size())
			.sum();
	}
}
