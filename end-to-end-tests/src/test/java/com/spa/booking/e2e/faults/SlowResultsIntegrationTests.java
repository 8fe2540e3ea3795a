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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.Pipeline;

/**
 * Far more requests ask to wait ({@code Prefer: wait=3}) than the gateway keeps waiters for, and no result comes (no
 * worker runs yet). The gateway keeps at most its configured number of waiters (memory stays bounded), holds no
 * request thread for them (it runs with fewer threads than waiters here), and every request gets {@code 202} with the
 * request's Location, the waiters once their wait is up. Once a worker starts, each gets its outcome.
 */
@Tag("faults")
class SlowResultsIntegrationTests {

	private static final int CAPACITY = 100;

	private static final Duration WAIT = Duration.ofSeconds(3);

	private static final int REQUEST_THREADS = 20;

	record Answer(int status, String location, UUID requestId, long millis) {
	}

	@Test
	void manyRequestsWaitingForSlowResultsStayBoundedAndEachTimesOutIntoA202WithALocation() throws Exception {
		Faults.repeat("many requests waiting, results slow", random -> {
			try (Pipeline pipeline = Pipeline.onTestStack("waiters")) {
				ConfigurableApplicationContext gateway = pipeline
					.startGateway("--booking.gateway.max-waiting-requests=" + CAPACITY,
							"--server.tomcat.threads.max=" + REQUEST_THREADS,
							// this is about waiters, not about shedding: every request may be on its way at once
							"--booking.gateway.max-in-flight=10000");
				Api api = Pipeline.api(gateway);
				Fixtures fixtures = pipeline.fixtures();
				UUID service = fixtures.service(30, 0);
				List<UUID> therapists = List.of(fixtures.therapistAroundTheClock(service),
						fixtures.therapistAroundTheClock(service), fixtures.therapistAroundTheClock(service));
				int requests = 250 + random.nextInt(100);
				List<UUID> customers = fixtures.customers(requests);
				Instant day = Instant.now().plus(30 + random.nextInt(300), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

				MeterRegistry meters = gateway.getBean(MeterRegistry.class);
				var waiting = meters.get("booking.requests.waiting").gauge();
				AtomicLong mostWaiting = new AtomicLong();
				AtomicBoolean sampling = new AtomicBoolean(true);
				Thread sampler = new Thread(() -> {
					while (sampling.get()) {
						mostWaiting.accumulateAndGet((long) waiting.value(), Math::max);
						LockSupport.parkNanos(1_000_000);
					}
				}, "waiters-sampler");
				sampler.setDaemon(true);
				ExecutorService clients = Executors.newFixedThreadPool(requests);
				List<Answer> answered = new ArrayList<>();
				try {
					sampler.start();
					List<Future<Answer>> answers = new ArrayList<>();
					for (int i = 0; i < requests; i++) {
						String hold = holdJson(customers.get(i), therapists.get(random.nextInt(3)), service,
								day.plus(15L * random.nextInt(96), ChronoUnit.MINUTES));
						answers.add(clients.submit(() -> {
							long started = System.nanoTime();
							Api.Response response = api.post("/api/v1/bookings", hold, "Prefer",
									"wait=" + WAIT.toSeconds());
							return new Answer(response.status(), response.header("Location"), response.uuid("requestId"),
									(System.nanoTime() - started) / 1_000_000);
						}));
					}
					for (Future<Answer> answer : answers) {
						answered.add(answer.get(2, TimeUnit.MINUTES));
					}
				}
				finally {
					clients.shutdownNow();
					sampling.set(false);
					sampler.join();
				}

				long atOnce = answered.stream().filter(answer -> answer.millis() < WAIT.toMillis()).count();
				long slowest = answered.stream().mapToLong(Answer::millis).max().orElseThrow();
				var timedOut = meters.get("booking.requests.latency").tag("outcome", "PENDING").timer();
				System.out.printf("[faults] %d requests asked to wait %ss: at most %d waiting at a time (capacity %d, "
						+ "%d request threads), %d waited in vain, %d answered before %ss, slowest answer %d ms%n", requests,
						WAIT.toSeconds(), mostWaiting.get(), CAPACITY, REQUEST_THREADS, timedOut.count(), atOnce,
						WAIT.toSeconds(), slowest);
				assertThat(answered).allSatisfy(answer -> {
					assertThat(answer.status()).isEqualTo(202);
					assertThat(answer.location()).isEqualTo("/api/v1/requests/" + answer.requestId());
				});
				assertThat(mostWaiting.get()).isLessThanOrEqualTo(CAPACITY).isGreaterThan(REQUEST_THREADS);
				assertThat(timedOut.count()).isPositive();
				assertThat(timedOut.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(WAIT.toMillis());
				// answered when the wait is up, not left hanging until the servlet container's async timeout
				assertThat(slowest).isLessThan(WAIT.toMillis() + 15_000);
				await().until(() -> meters.get("booking.requests.waiting").gauge().value() == 0);

				pipeline.startWorker();
				List<UUID> accepted = answered.stream().map(Answer::requestId).toList();
				await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(accepted).allSatisfy(
						request -> assertThat(api.get("/api/v1/requests/" + request).text("status")).isNotEqualTo("PENDING")));
				Reconciliation.verify(pipeline, accepted);
			}
		});
	}
}
