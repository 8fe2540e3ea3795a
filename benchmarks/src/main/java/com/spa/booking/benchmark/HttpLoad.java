package com.spa.booking.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.spa.booking.gateway.GatewayApplication;
import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;
import com.spa.booking.local.LocalIssuer;
import com.spa.booking.worker.WorkerApplication;

/**
 * HTTP end to end, driven by {@link Wrk} from outside this JVM: conflict-free holds with {@code Prefer: wait=10}, each
 * for a therapist-hour of 200 therapists nobody else asks for and a customer of its own, by the front desk (one
 * caller, so the rate limits are set out of the way). After a warm-up, 1, 4, 16 and 64 connections in turn, each for a
 * while; after each run the benchmark waits until the worker has applied every command the gateway sent (its consumer
 * group's lag is 0), so no run inherits another's queue. Only {@code 201} is a good hold: the other answers are
 * counted by status (from the gateway's {@code http.server.requests}, since wrk's own count of them is one number).
 */
final class HttpLoad {

	/** The connection counts, in the order run. */
	static final int[] CONNECTIONS = { 1, 4, 16, 64 };

	/** More holds a second than wrk could ever get here: customers are made for this many ahead of each run. */
	static final int MOST_PER_SECOND = 4_000;

	/**
	 * @param goodPerSecond answers {@code 201} within the run, per second
	 * @param statuses every answer the gateway gave during the run (and to requests still open when it ended), by
	 * status; empty if the gateway does not count them
	 * @param unanswered commands the worker had not applied a minute after the run
	 */
	record Step(String label, Wrk.Run wrk, double goodPerSecond, Map<Integer, Long> statuses, long unanswered) {

		int connections() {
			return wrk.connections();
		}
	}

	/**
	 * @param fallbacks batches the worker applied again one command at a time
	 * @param overlaps pairs of overlapping active bookings of one therapist afterwards
	 */
	record Result(Step warmUp, List<Step> steps, long fallbacks, long overlaps, long held) {

		long unanswered() {
			return steps.stream().mapToLong(Step::unanswered).sum() + warmUp.unanswered();
		}

		java.util.Optional<Step> at(int connections) {
			return steps.stream().filter(step -> step.connections() == connections).findFirst();
		}
	}

	private final Database database;

	private final Apps apps;

	private final Wrk wrk;

	private final ConfigurableApplicationContext gateway;

	/** Customers 0 to this (excluded) exist. */
	private long customersMade;

	/** The first request number the next run may use. */
	private long base;

	private HttpLoad(Database database, Apps apps, Wrk wrk, ConfigurableApplicationContext gateway) {
		this.database = database;
		this.apps = apps;
		this.wrk = wrk;
		this.gateway = gateway;
	}

	/** The gateway's own: the local issuer's tokens, its actuator on any free port, the rate limits out of the way. */
	static String[] gatewayArguments(String issuerUri) {
		return new String[] { "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuerUri,
				"--management.server.port=0", "--booking.security.rate-limit.burst=1000000",
				"--booking.security.rate-limit.per-second=1000000" };
	}

	static Result run(Postgres server, Kafka kafka, Path wrkExecutable, Duration warmUp, Duration stepLength)
			throws Exception {
		try (Database database = Database.withBookingSchema(server, "http");
				Apps apps = Apps.on(database, kafka, "bench-http")) {
			JdbcClient jdbc = database.jdbc();
			UUID service = UUID.randomUUID();
			seedTherapists(jdbc, service);
			try (ConfigurableApplicationContext issuer = LocalIssuer.start(0);
					ConfigurableApplicationContext worker = WorkerApplication.application().run(apps.arguments());
					ConfigurableApplicationContext gateway = GatewayApplication.application()
						.run(apps.arguments(gatewayArguments(LocalIssuer.issuerUri(issuer))))) {
				Apps.awaitAssigned(worker);
				Apps.awaitAssigned(gateway);
				int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
				String token = LocalIssuer.token(LocalIssuer.issuerUri(issuer), "front-desk", null);
				Instant firstDay = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
				Wrk wrk = Wrk.against(wrkExecutable, "http://localhost:" + port, token, service, firstDay);
				HttpLoad load = new HttpLoad(database, apps, wrk, gateway);
				Step warm = load.step("warm-up", 16, warmUp, MOST_PER_SECOND);
				LoneHolds.Breakdown lone = LoneHolds.measure("http://localhost:" + port, token, service, jdbc, apps,
						1_000_000_000L, 40, Duration.ofMillis(300));
				for (int hop = 0; hop < LoneHolds.HOPS.size(); hop++) {
					System.out.printf("[benchmark] lone holds (%d), %s: p50 %.1f ms, max %.1f ms%n", lone.holds().size(),
							LoneHolds.HOPS.get(hop), lone.percentile(hop, 0.5), lone.percentile(hop, 1.0));
				}
				List<Step> steps = new ArrayList<>();
				double best = warm.goodPerSecond();
				for (int connections : CONNECTIONS) {
					// customers for four times the best rate yet (and 2,000 more)
					Step step = load.step(connections + " connections", connections, stepLength,
							Math.max(500, 4 * best));
					best = Math.max(best, step.goodPerSecond());
					steps.add(step);
				}
				long fallbacks = Apps.fallbacks(worker);
				return new Result(warm, steps, fallbacks, WorkerDrain.overlaps(jdbc),
						jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single());
			}
		}
	}

	/** 200 therapists with the IDs the script computes, qualified for the service, working around the clock. */
	static void seedTherapists(JdbcClient jdbc, UUID service) {
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Massage', 60, 0, 80)")
			.param(service).update();
		jdbc.sql("""
				WITH t AS (INSERT INTO therapists (id, name)
				           SELECT %s, 'Therapist ' || n FROM generate_series(0, %d - 1) n RETURNING id),
				     s AS (INSERT INTO therapist_services (therapist_id, service_id) SELECT id, :service FROM t)
				INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
				SELECT id, d, '00:00', '24:00' FROM t, generate_series(1, 7) d"""
			.formatted(Wrk.therapistSql("n"), Wrk.THERAPISTS)).param("service", service).update();
	}

	/** Customers from {@code from} to {@code to} (excluded), with the IDs the script computes. */
	static void makeCustomers(JdbcClient jdbc, long from, long to) {
		if (to > from) {
			jdbc.sql("""
					INSERT INTO customers (id, name, email)
					SELECT %s, 'Customer', 'wrk-' || n || '@example.com' FROM generate_series(?::bigint, ?::bigint - 1) n"""
				.formatted(Wrk.customerSql("n"))).params(from, to).update();
		}
	}

	private Step step(String label, int connections, Duration length, double perSecond) throws InterruptedException {
		long limit = base + (long) Math.ceil(perSecond * length.toSeconds()) + 2_000;
		if (limit > customersMade) {
			makeCustomers(database.jdbc(), customersMade, limit);
			customersMade = limit;
		}
		Map<Integer, Long> before = statuses(gateway);
		Wrk.Run run = wrk.run(connections, length, base, limit);
		base += (run.sentMost() + 1) * run.threads();
		awaitAnswered(gateway);
		long unanswered = awaitApplied();
		Map<Integer, Long> statuses = new TreeMap<>();
		statuses(gateway).forEach((status, count) -> {
			long during = count - before.getOrDefault(status, 0L);
			if (during > 0) {
				statuses.put(status, during);
			}
		});
		// wrk counts 2xx answers, the gateway tells which of them were not 201 (202: no outcome within the wait)
		long other2xx = statuses.entrySet().stream()
			.filter(e -> e.getKey() >= 200 && e.getKey() < 300 && e.getKey() != 201)
			.mapToLong(Map.Entry::getValue)
			.sum();
		double good = Math.max(0, run.twoHundreds() - other2xx) / Math.max(run.seconds(), 1e-3);
		Step step = new Step(label, run, good, statuses, unanswered);
		System.out.printf("[benchmark] http (wrk) %s: %d requests in %.1f s, %.0f holds/s, p50 %.1f ms, p99 %.1f ms,"
				+ " max %.1f ms, statuses %s, %d non-2xx, %d socket errors, %d unanswered%s%n", label, run.requests(),
				run.seconds(), good, run.p50Micros() / 1000.0, run.p99Micros() / 1000.0, run.maxMicros() / 1000.0,
				statuses, run.non2xx(), run.errors(), unanswered,
				run.exhausted() ? "; RAN OUT OF CUSTOMERS, the run stopped early" : "");
		return step;
	}

	/** Waits until the worker group's lag is 0. @return the lag left after a minute */
	private long awaitApplied() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		long lag;
		while ((lag = apps.lag()) > 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		return lag;
	}

	/**
	 * Until the gateway has answered every request it took (Spring Boot's {@code http.server.requests.active} is 0), so
	 * that the next run's statuses are its own, and every command it will send is sent; at most 15 seconds (a request
	 * waits 10 at most).
	 */
	static void awaitAnswered(ConfigurableApplicationContext gateway) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (System.nanoTime() < deadline) {
			long open = 0;
			for (MeterRegistry registry : gateway.getBeansOfType(MeterRegistry.class).values()) {
				open = Math.max(open, registry.find("http.server.requests.active").longTaskTimers().stream()
					.mapToLong(LongTaskTimer::activeTasks).sum());
			}
			if (open == 0) {
				return;
			}
			Thread.sleep(50);
		}
	}

	/** The gateway's answers so far, by status, from Spring Boot's {@code http.server.requests}. */
	static Map<Integer, Long> statuses(ConfigurableApplicationContext gateway) {
		Map<Integer, Long> statuses = new TreeMap<>();
		for (MeterRegistry registry : gateway.getBeansOfType(MeterRegistry.class).values()) {
			for (Timer timer : registry.find("http.server.requests").timers()) {
				String status = timer.getId().getTag("status");
				if (status != null && status.matches("\\d{3}")) {
					statuses.merge(Integer.parseInt(status), timer.count(), Long::sum);
				}
			}
			if (!statuses.isEmpty()) {
				break;
			}
		}
		return statuses;
	}
}
