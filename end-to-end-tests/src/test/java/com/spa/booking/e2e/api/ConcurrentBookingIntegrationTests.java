package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * Many customers clicking "Book" at once, over HTTP, against the whole stack. The database is the judge: afterwards no
 * two active bookings of a therapist overlap.
 */
class ConcurrentBookingIntegrationTests {

	/** Counts pairs of active bookings of one therapist whose busy times overlap: must always be zero. */
	static final String OVERLAPPING_ACTIVE_PAIRS = """
			SELECT count(*) FROM bookings a JOIN bookings b
			    ON a.therapist_id = b.therapist_id AND a.id < b.id AND a.during && b.during
			 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')
			   AND a.therapist_id = ANY(?)""";

	static LocalStack stack;

	static Api api;

	static JdbcClient jdbc;

	static TopicRecorder<CommandResult> results;

	static Fixtures fixtures;

	@BeforeAll
	static void startStack() {
		stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		jdbc = stack.worker().getBean(JdbcClient.class);
		fixtures = Fixtures.of(stack);
		results = new TopicRecorder<>(stack.kafkaBootstrapServers(), Messages::result, Topics.RESULTS);
	}

	@AfterAll
	static void stopRecording() {
		results.close();
	}

	@Test
	void fiftyConcurrentHoldsForOneSlotYieldOneBookingAndFortyNineConflicts() throws Exception {
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		List<UUID> customers = IntStream.range(0, 50).mapToObj(i -> api.newCustomer()).toList();
		Instant start = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

		List<Api.Response> responses = concurrently(50, customers.stream()
			.map(customer -> (Callable<Api.Response>) () -> api.post("/api/v1/bookings",
					holdJson(customer, therapist, service, start), "Prefer", "wait=30"))
			.toList());

		Map<Integer, Long> byStatus = responses.stream().collect(Collectors.groupingBy(Api.Response::status, Collectors.counting()));
		assertThat(byStatus).containsOnly(Map.entry(201, 1L), Map.entry(409, 49L));
		assertThat(responses).filteredOn(response -> response.status() == 409)
			.allSatisfy(conflict -> assertThat(conflict.text("reason")).isEqualTo("SLOT_TAKEN"));
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE therapist_id = ? AND status IN ('HELD', 'CONFIRMED')")
			.param(therapist).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void twoThousandRandomOverlappingHoldsFromSixteenThreadsNeverDoubleBook() throws Exception {
		int requests = Integer.getInteger("load.requests", 2000);
		int threads = 16;
		List<UUID> services = List.of(fixtures.service(30, 10), fixtures.service(45, 0), fixtures.service(60, 15),
				fixtures.service(90, 15));
		UUID[] all = services.toArray(UUID[]::new);
		List<UUID> therapists = IntStream.range(0, 5).mapToObj(i -> fixtures.therapistAroundTheClock(all)).toList();
		// a customer per request: the limit on holds per customer is not what this test is about
		List<UUID> customers = fixtures.customers(requests);
		// one working day on a 15-minute grid: 2,000 requests for 5 x 32 starts, so most of them collide
		Instant day = Instant.now().plus(14, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);
		Random random = new Random(42);
		List<String> bodies = IntStream.range(0, requests)
			.mapToObj(i -> holdJson(customers.get(i), therapists.get(random.nextInt(5)),
					services.get(random.nextInt(services.size())), day.plus(15L * random.nextInt(32), ChronoUnit.MINUTES)))
			.toList();
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		long began = System.nanoTime();
		List<Api.Response> responses = concurrently(threads, bodies.stream().map(body -> (Callable<Api.Response>) () -> {
			long sent = System.nanoTime();
			Api.Response response = api.post("/api/v1/bookings", body, "Prefer", "wait=30");
			latencies.add(System.nanoTime() - sent);
			return response;
		}).toList());
		double seconds = (System.nanoTime() - began) / 1e9;

		assertThat(responses).extracting(Api.Response::status).containsOnly(201, 409);
		assertThat(jdbc.sql(OVERLAPPING_ACTIVE_PAIRS).param(therapists.toArray(UUID[]::new)).query(Long.class).single())
			.isZero();
		long booked = responses.stream().filter(response -> response.status() == 201).count();
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE therapist_id = ANY(?) AND status = 'HELD'")
			.param(therapists.toArray(UUID[]::new)).query(Long.class).single()).isEqualTo(booked);

		// every request has exactly one final result: in the database, and on the result topic
		List<UUID> requestIds = jdbc.sql("""
				SELECT r.request_id FROM gateway.requests r
				 WHERE r.command_type = 'PlaceHold' AND (r.command::jsonb ->> 'therapistId')::uuid = ANY(?)""")
			.param(therapists.toArray(UUID[]::new)).query(UUID.class).list();
		assertThat(requestIds).hasSize(requests);
		assertThat(jdbc.sql("SELECT count(*) FROM processed_commands WHERE request_id = ANY(?)")
			.param(requestIds.toArray(UUID[]::new)).query(Long.class).single()).isEqualTo(requests);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<UUID, Long> resultsPerRequest = results.records().stream()
				.filter(result -> requestIds.contains(result.requestId()))
				.collect(Collectors.groupingBy(CommandResult::requestId, Collectors.counting()));
			assertThat(resultsPerRequest).hasSize(requests);
			assertThat(resultsPerRequest.values()).containsOnly(1L);
		});

		List<Long> sorted = latencies.stream().sorted().toList();
		System.out.printf("%n[load] %d holds from %d threads over %d therapists: %d booked, %d conflicts, "
				+ "%.1f s, %.0f requests/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n%n", requests, threads,
				therapists.size(), booked, requests - booked, seconds, requests / seconds, percentile(sorted, 50),
				percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
	}

	private static double percentile(List<Long> sorted, int p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
	}

	private static <T> List<T> concurrently(int threads, List<Callable<T>> tasks) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(1);
			List<Future<T>> futures = tasks.stream().map(task -> pool.submit(() -> {
				ready.await();
				return task.call();
			})).toList();
			ready.countDown();
			List<T> done = new ArrayList<>();
			for (Future<T> future : futures) {
				done.add(future.get());
			}
			return done;
		}
		finally {
			pool.shutdownNow();
		}
	}
}
