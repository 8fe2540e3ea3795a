package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.BatchInterceptor;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.WorkerApplication;
import com.spa.booking.worker.fencing.PartitionLost;

import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.Workload;

/**
 * A worker's consumer stops between reading a batch of commands and applying it, longer than {@code max.poll.interval.ms} (as
 * in a long GC pause). The group gives its partition to another consumer, which applies the command. When the paused
 * one resumes, its transaction for that very command is rejected by the fencing check: it writes nothing for the
 * partition it lost. {@code -Dfaults.rounds=N} repeats it.
 */
@Tag("faults")
class WorkerPauseIntegrationTests {

	@Test
	void aWorkerPausedPastMaxPollIntervalIsFencedAndWritesNothingForThePartitionItLost() throws Exception {
		Faults.repeat("worker paused past max.poll.interval.ms", random -> {
			Trap trap = new Trap();
			try (Pipeline pipeline = Pipeline.onTestStack("pause")) {
				ConfigurableApplicationContext paused = pipeline.startWorker(WorkerApplication.application()
					.initializers(context -> context.getBeanFactory().registerSingleton("trap", trap)),
						"--spring.kafka.consumer.properties.max.poll.interval.ms=5000");
				pipeline.startWorker();
				Workload load = pipeline.workload(pipeline.startGateway(), random, 4, 5000);
				load.start(4);
				// a while into the load, the paused worker's next record is the one it stops on
				int armAfter = 20 + random.nextInt(60);
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= armAfter);
				trap.arm();

				ConsumerRecord<Object, Object> trapped = trap.sprung.get(60, TimeUnit.SECONDS);
				UUID request = Messages.command((String) trapped.value()).requestId();
				// taken over: another consumer applied the very command the paused one holds
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().stream()
					.map(CommandResult::requestId).anyMatch(request::equals));
				trap.release.countDown();

				// the paused consumer tried that command once more, in a transaction of its own, and was rejected
				Exception rejected = trap.failure.get(30, TimeUnit.SECONDS);
				assertThat(rejected).hasRootCauseInstanceOf(PartitionLost.class);
				await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= 200);
				load.stop();

				MeterRegistry meters = paused.getBean(MeterRegistry.class);
				System.out.printf("[faults] paused on %s-%d@%d, rejected: %s; %s%n", trapped.topic(), trapped.partition(),
						trapped.offset(), rejected.getCause() == null ? rejected : rejected.getCause().getMessage(), load);
				assertThat(meters.counter("booking.commands.fenced").count()).isPositive();
				assertThat(Pipeline.api(paused).raw("/actuator/prometheus")).as("what an operator sees")
					.containsPattern("booking_commands_fenced_total(\\{[^}]*\\})? [1-9]");
				assertThat(load.unexpected()).isEmpty();
				Reconciliation.verify(pipeline, load.accepted());
			}
			finally {
				trap.release.countDown();
			}
		});
	}

	/**
	 * Stops the consumer thread on the first batch it sees once armed, until released; then keeps how applying that
	 * batch failed.
	 */
	static final class Trap implements BatchInterceptor<Object, Object> {

		private final AtomicBoolean armed = new AtomicBoolean();

		/** The first record of the batch it stopped on. */
		final CompletableFuture<ConsumerRecord<Object, Object>> sprung = new CompletableFuture<>();

		final CountDownLatch release = new CountDownLatch(1);

		final CompletableFuture<Exception> failure = new CompletableFuture<>();

		void arm() {
			armed.set(true);
		}

		@Override
		public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
				Consumer<Object, Object> consumer) {
			if (!records.isEmpty() && armed.compareAndSet(true, false)) {
				sprung.complete(records.iterator().next());
				try {
					release.await(2, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return records;
		}

		@Override
		public void failure(ConsumerRecords<Object, Object> records, Exception exception, Consumer<Object, Object> consumer) {
			ConsumerRecord<Object, Object> trapped = sprung.getNow(null);
			if (trapped != null && contains(records, trapped)) {
				failure.complete(exception);
			}
		}

		private static boolean contains(ConsumerRecords<Object, Object> records, ConsumerRecord<Object, Object> wanted) {
			for (ConsumerRecord<Object, Object> record : records) {
				if (record.partition() == wanted.partition() && record.offset() == wanted.offset()) {
					return true;
				}
			}
			return false;
		}
	}
}
