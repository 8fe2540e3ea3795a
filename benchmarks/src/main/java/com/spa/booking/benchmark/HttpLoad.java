package com.spa.booking.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.gateway.GatewayApplication;
import com.spa.booking.local.LocalIssuer;
import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;
import com.spa.booking.worker.WorkerApplication;

/**
 * HTTP end to end, open loop: requests leave at fixed arrival rates whatever the answers do, and each one's latency is
 * counted from the moment it was due, not from when it was sent, so a slow system cannot hide its queue (no
 * coordinated omission). Goodput counts the holds answered {@code 201} within {@link #GOOD_WITHIN} of being due.
 * Every request holds a different therapist-hour of 200 therapists for a customer of its own,
 * with {@code Prefer: wait=10}: conflict-free holds, the path every booking takes. After a warm-up that lasts until the
 * median latency stops falling, the rate grows by half until goodput falls below 90 % of it; the best goodput seen is
 * the saturation. Then half of it, for latency, and five times it,
 * for what overload does to goodput.
 */
final class HttpLoad {

	static final int THERAPISTS = 200;

	/** A hold answered later than this after it was due is no good to a customer waiting at the screen. */
	static final Duration GOOD_WITHIN = Duration.ofSeconds(2);

	/** One rate held for a while. */
	record Step(String label, double offered, double goodput, long p50Micros, long p99Micros, Map<Integer, Long> statuses) {
	}

	/**
	 * @param unanswered requests the gateway accepted that had no outcome a minute after the load stopped
	 */
	record Result(double saturation, Step half, Step overload, List<Step> ramp, long unanswered) {
	}

	private final Api api;

	private final JdbcClient jdbc;

	private final List<UUID> therapists;

	private final List<UUID> customers;

	private final UUID service;

	private final Instant firstDay = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

	private final AtomicInteger next = new AtomicInteger();

	private HttpLoad(Api api, JdbcClient jdbc, List<UUID> therapists, List<UUID> customers, UUID service) {
		this.api = api;
		this.jdbc = jdbc;
		this.therapists = therapists;
		this.customers = customers;
		this.service = service;
	}

	/** The gateway's own: the local issuer's tokens, its actuator on any free port, the rate limits out of the way. */
	private static String[] gatewayArguments(String issuerUri, String... extra) {
		List<String> arguments = new ArrayList<>(List.of(
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUri, "--management.server.port=0",
				"--booking.security.rate-limit.burst=1000000", "--booking.security.rate-limit.per-second=1000000"));
		arguments.addAll(List.of(extra));
		return arguments.toArray(String[]::new);
	}

	static Result run(Postgres server, Kafka kafka, Duration stepLength, double firstRate, int maxRequests,
			String... extraArguments) throws Exception {
		try (Database database = Database.withBookingSchema(server, "http");
				Apps apps = Apps.on(database, kafka, "bench-http")) {
			JdbcClient jdbc = database.jdbc();
			UUID service = UUID.randomUUID();
			jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Massage', 60, 0, 80)")
				.param(service).update();
			List<UUID> therapists = jdbc.sql("""
					WITH t AS (INSERT INTO therapists (id, name)
					           SELECT gen_random_uuid(), 'Therapist ' || n FROM generate_series(1, 200) n RETURNING id),
					     s AS (INSERT INTO therapist_services (therapist_id, service_id) SELECT id, :service FROM t),
					     w AS (INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
					           SELECT id, d, '00:00', '24:00' FROM t, generate_series(1, 7) d)
					SELECT id FROM t""").param("service", service).query(UUID.class).list();
			List<UUID> customers = jdbc.sql("""
					INSERT INTO customers (id, name, email)
					SELECT gen_random_uuid(), 'Customer', gen_random_uuid() || '@example.com' FROM generate_series(1, ?)
					RETURNING id""").param(maxRequests).query(UUID.class).list();
			try (ConfigurableApplicationContext issuer = LocalIssuer.start(0);
					ConfigurableApplicationContext worker = WorkerApplication.application().run(apps.arguments(extraArguments));
					ConfigurableApplicationContext gateway = GatewayApplication.application()
						.run(apps.arguments(gatewayArguments(LocalIssuer.issuerUri(issuer), extraArguments)))) {
				Apps.awaitAssigned(worker);
				Apps.awaitAssigned(gateway);
				int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
				// the front desk books for every customer: one caller, so no rate limit may stand in its way
				String token = LocalIssuer.token(LocalIssuer.issuerUri(issuer), "front-desk", null);
				HttpLoad load = new HttpLoad(new Api("http://localhost:" + port, token), jdbc, therapists, customers,
						service);
				return load.measure(stepLength, firstRate);
			}
		}
	}

	private Result measure(Duration stepLength, double firstRate) throws InterruptedException {
		// warm up, unmeasured, until the JIT has compiled what matters (on two cores it takes a third of the CPU for the
		// first minute) and the pools and connections are open: until the median stops falling
		long previous = Long.MAX_VALUE;
		for (int round = 0; round < 8; round++) {
			long median = step("warm-up", firstRate, stepLength.multipliedBy(2)).p50Micros();
			if (median > previous * 0.8) {
				break;
			}
			previous = median;
		}
		List<Step> ramp = new ArrayList<>();
		double saturation = 0;
		for (double rate = firstRate; ; rate *= 1.5) {
			Step step = step("ramp", rate, stepLength);
			ramp.add(step);
			saturation = Math.max(saturation, step.goodput());
			awaitDrained();
			if (step.goodput() < 0.9 * rate || step.p99Micros() > 2_000_000) {
				break;
			}
		}
		Step half = step("half of saturation", saturation / 2, stepLength.multipliedBy(2));
		awaitDrained();
		Step overload = step("five times saturation", saturation * 5, stepLength);
		long unanswered = awaitDrained();
		return new Result(saturation, half, overload, ramp, unanswered);
	}

	/** Requests at a fixed rate for a while; each one's latency counted from when it was due. */
	private Step step(String label, double rate, Duration length) throws InterruptedException {
		Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3);
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		AtomicLong succeeded = new AtomicLong();
		int count = (int) Math.max(1, rate * length.toNanos() / 1e9);
		long interval = (long) (1e9 / rate);
		List<CompletableFuture<?>> answers = new ArrayList<>(count);
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			LockSupport.parkNanos(due - System.nanoTime());
			answers.add(api.hold(nextSlot()).whenComplete((status, failure) -> {
				long micros = (System.nanoTime() - due) / 1000;
				latency.recordValue(Math.min(latency.getHighestTrackableValue(), micros));
				int code = failure == null ? status : -1;
				statuses.computeIfAbsent(code, key -> new AtomicLong()).incrementAndGet();
				if (code == 201 && micros <= GOOD_WITHIN.toNanos() / 1000) {
					succeeded.incrementAndGet();
				}
			}));
		}
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES)
			.exceptionally(failure -> null).join();
		double seconds = length.toNanos() / 1e9;
		Map<Integer, Long> counted = new TreeMap<>();
		statuses.forEach((code, n) -> counted.put(code, n.get()));
		Step step = new Step(label, rate, succeeded.get() / seconds, latency.getValueAtPercentile(50),
				latency.getValueAtPercentile(99), counted);
		System.out.printf("[benchmark] http %s: %.0f/s offered, %.0f/s good, p50 %.1f ms, p99 %.1f ms, %s%n", label, rate,
				step.goodput(), step.p50Micros() / 1000.0, step.p99Micros() / 1000.0, counted);
		return step;
	}

	/** Waits until every request the gateway accepted has its outcome. @return how many still had none after a minute */
	private long awaitDrained() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		long open;
		do {
			open = jdbc.sql("""
					SELECT count(*) FROM gateway.requests r
					 WHERE NOT EXISTS (SELECT 1 FROM processed_commands p WHERE p.request_id = r.request_id)
					   AND r.publish_failed_at IS NULL""").query(Long.class).single();
			if (open > 0) {
				Thread.sleep(100);
			}
		}
		while (open > 0 && System.nanoTime() < deadline);
		return open;
	}

	/** A therapist-hour nobody else asks for, and a customer of its own. */
	private String nextSlot() {
		int n = next.getAndIncrement();
		if (n >= customers.size()) {
			throw new IllegalStateException("More requests than customers prepared: " + customers.size());
		}
		Instant start = firstDay.plus(n / THERAPISTS, ChronoUnit.HOURS);
		return """
				{"customerId":"%s","therapistId":"%s","serviceId":"%s","start":"%s"}""".formatted(customers.get(n),
				therapists.get(n % THERAPISTS), service, start);
	}

	/** The client side: one HTTP client, many connections, nothing waiting on a thread. */
	private record Api(String baseUrl, String token, HttpClient http) {

		Api(String baseUrl, String token) {
			this(baseUrl, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
		}

		CompletableFuture<Integer> hold(String body) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/bookings"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.header("Prefer", "wait=10")
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
		}
	}
}
