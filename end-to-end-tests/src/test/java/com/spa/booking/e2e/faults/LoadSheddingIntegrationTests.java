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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Pipeline;

/**
 * With more requests than may be on their way at once, the gateway turns the excess away at once with 503 and
 * Retry-After, records nothing for them, and takes requests again as soon as answers come back.
 */
@Tag("faults")
class LoadSheddingIntegrationTests {

	static final int IN_FLIGHT = 20;

	@Test
	void requestsBeyondTheInFlightLimitAreShedAtOnceAndNothingOfThemIsRecorded() throws Exception {
		// with Prefer: wait the answer is written on a second dispatch, which must not count as a request of its own
		try (Pipeline pipeline = Pipeline.onTestStack("shedding")) {
			ConfigurableApplicationContext gateway = pipeline.startGateway("--booking.gateway.max-in-flight=" + IN_FLIGHT);
			Api api = Pipeline.api(gateway);
			UUID service = pipeline.fixtures().service(30, 0);
			UUID therapist = pipeline.fixtures().therapistAroundTheClock(service);
			List<UUID> customers = pipeline.fixtures().customers(60);
			Instant day = Instant.now().plus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

			MeterRegistry meters = gateway.getBean(MeterRegistry.class);
			assertThat(meters.get("booking.requests.in.flight").gauge().value()).as("on their way before").isZero();
			// no worker yet: nothing is answered, so every accepted command stays on its way
			List<Api.Response> answers = new ArrayList<>();
			ExecutorService clients = Executors.newFixedThreadPool(50);
			try {
				List<Future<Api.Response>> sent = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					String hold = holdJson(customers.get(i), therapist, service, day.plus(30L * i, ChronoUnit.MINUTES));
					sent.add(clients.submit(() -> api.post("/api/v1/bookings", hold, "Prefer", "wait=1")));
				}
				for (Future<Api.Response> answer : sent) {
					answers.add(answer.get());
				}
			}
			finally {
				clients.shutdown();
			}

			assertThat(answers).filteredOn(answer -> answer.status() == 202).hasSize(IN_FLIGHT);
			assertThat(answers).filteredOn(answer -> answer.status() != 202).hasSize(50 - IN_FLIGHT).allSatisfy(shed -> {
				assertThat(shed.status()).isEqualTo(503);
				assertThat(shed.contentType()).isEqualTo("application/problem+json");
				assertThat(shed.text("type")).isEqualTo("urn:spa-booking:problem:overloaded");
				assertThat(shed.header("Retry-After")).isEqualTo("1");
			});
			assertThat(pipeline.jdbc().sql("SELECT count(*) FROM gateway.requests").query(Long.class).single())
				.as("only what was accepted is recorded").isEqualTo(IN_FLIGHT);
			assertThat(meters.counter("booking.requests.shed").count())
				.isEqualTo(50 - IN_FLIGHT);

			// the answers come back, and with them the places
			pipeline.startWorker();
			await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.results().records().size() >= IN_FLIGHT);
			await().untilAsserted(() -> assertThat(api.post("/api/v1/bookings", holdJson(customers.get(55), therapist,
					service, day.plus(2, ChronoUnit.DAYS)), "Prefer", "wait=10").status()).isEqualTo(201));
		}
	}
}
