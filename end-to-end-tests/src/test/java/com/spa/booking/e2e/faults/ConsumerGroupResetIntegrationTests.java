package com.spa.booking.e2e.faults;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Pipeline;

/**
 * Kafka may start a consumer group's counting over: a group that was deleted, or expired after standing empty (an
 * empty group's offsets are dropped after seven days by default), a renamed group, or the new group protocol's member
 * epochs. The fencing tokens come from the database, so the workers that come back own their partitions at once.
 */
@Tag("faults")
class ConsumerGroupResetIntegrationTests {

	@Test
	void workersOfAGroupThatStartedOverOrWasRenamedApplyCommandsAtOnce() throws Exception {
		try (Pipeline pipeline = Pipeline.onTestStack("group-reset")) {
			// a second worker joining and leaving moves the group's generation on
			ConfigurableApplicationContext first = pipeline.startWorker();
			ConfigurableApplicationContext second = pipeline.startWorker();
			Api api = Pipeline.api(pipeline.startGateway());
			UUID service = pipeline.fixtures().service(60, 0);
			UUID therapist = pipeline.fixtures().therapistAroundTheClock(service);
			Instant day = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
			assertThat(holdAt(api, therapist, service, day.plus(Duration.ofHours(8)))).isEqualTo(201);
			second.close();
			first.close();
			long tokenBefore = highestToken(pipeline);

			pipeline.deleteWorkerGroup();
			ConfigurableApplicationContext restarted = pipeline.startWorker();

			assertThat(holdAt(api, therapist, service, day.plus(Duration.ofHours(10)))).as("after the group was deleted")
				.isEqualTo(201);
			assertThat(lowestToken(pipeline)).as("every partition claimed anew").isGreaterThan(tokenBefore);
			restarted.close();

			ConfigurableApplicationContext renamed = pipeline.startWorker("--booking.worker.group-id="
					+ pipeline.workerGroup() + "-renamed");
			assertThat(holdAt(api, therapist, service, day.plus(Duration.ofHours(12)))).as("in a renamed group")
				.isEqualTo(201);
			assertThat(renamed.getBean(MeterRegistry.class).counter("booking.commands.fenced").count()).isZero();
			assertThat(pipeline.jdbc().sql("SELECT count(*) FROM bookings WHERE therapist_id = ? AND status = 'HELD'")
				.param(therapist).query(Long.class).single()).isEqualTo(3);
		}
	}

	/** @return the status of a hold that waited up to 20 s for its outcome */
	private static int holdAt(Api api, UUID therapist, UUID service, Instant start) {
		UUID customer = api.newCustomer();
		Api.Response[] answer = new Api.Response[1];
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			answer[0] = api.post("/api/v1/bookings", holdJson(customer, therapist, service, start), "Prefer", "wait=20",
					"Idempotency-Key", "hold-" + customer);
			return answer[0].status() != 202;
		});
		return answer[0].status();
	}

	private static long highestToken(Pipeline pipeline) {
		return pipeline.jdbc().sql("SELECT max(token) FROM partition_owners WHERE topic = ?")
			.param(pipeline.commandsTopic()).query(Long.class).single();
	}

	private static long lowestToken(Pipeline pipeline) {
		return pipeline.jdbc().sql("SELECT min(token) FROM partition_owners WHERE topic = ?")
			.param(pipeline.commandsTopic()).query(Long.class).single();
	}
}
