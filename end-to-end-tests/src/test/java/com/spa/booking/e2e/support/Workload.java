package com.spa.booking.e2e.support;

import static com.spa.booking.e2e.support.Api.holdJson;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customers booking through the gateway as a front end does: hold (answered {@code 202}), poll the request, and for
 * most holds that succeed, confirm or cancel. Treatments of 30, 60 and 90 minutes on a few therapists in a four-hour
 * window, so that most holds collide. Every choice comes from the seed; only the timing is the machine's.
 */
public final class Workload implements AutoCloseable {

	private static final List<Integer> MINUTES = List.of(30, 60, 90);

	private final Api api;

	private final Random random;

	private final List<UUID> therapists = new ArrayList<>();

	private final List<UUID> services = new ArrayList<>();

	private final List<UUID> customers;

	private final Instant window;

	private final AtomicInteger nextCustomer = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean();

	private final List<Thread> clients = new ArrayList<>();

	private final Queue<UUID> accepted = new ConcurrentLinkedQueue<>();

	private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();

	private final Map<Integer, AtomicLong> slowestAnswers = new ConcurrentHashMap<>();

	private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	private final Queue<UUID> rejected = new ConcurrentLinkedQueue<>();

	public Workload(Fixtures fixtures, Api api, Random random, int therapistCount, int customerCount) {
		this.api = api;
		this.random = random;
		for (int minutes : MINUTES) {
			services.add(fixtures.service(minutes, 0));
		}
		for (int i = 0; i < therapistCount; i++) {
			therapists.add(fixtures.therapistAroundTheClock(services.toArray(UUID[]::new)));
		}
		this.customers = fixtures.customers(customerCount);
		this.window = Instant.now().plus(20 + random.nextInt(300), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS)
			.plus(random.nextInt(20), ChronoUnit.HOURS);
	}

	/** Client threads that book until {@link #stop()} (or until the customers run out). */
	public void start(int clientCount) {
		running.set(true);
		for (int i = 0; i < clientCount; i++) {
			Random own = new Random(random.nextLong());
			Thread client = new Thread(() -> {
				try {
					while (running.get() && visit(own)) {
						pause(own.nextInt(20));
					}
				}
				catch (RuntimeException | InterruptedException ex) {
					// a client that cannot go on is itself a finding: a hung or vanished gateway must not pass unseen
					unexpected.add(Thread.currentThread().getName() + " stopped: " + ex);
				}
			}, "workload-client-" + i);
			client.setDaemon(true);
			client.start();
			clients.add(client);
		}
	}

	public void stop() throws InterruptedException {
		running.set(false);
		for (Thread client : clients) {
			client.join(Duration.ofSeconds(60).toMillis());
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	/** @return false when no customers are left */
	private boolean visit(Random random) throws InterruptedException {
		int customer = nextCustomer.getAndIncrement();
		if (customer >= customers.size()) {
			return false;
		}
		UUID requestId = submit("/api/v1/bookings", holdJson(customers.get(customer),
				therapists.get(random.nextInt(therapists.size())), services.get(random.nextInt(services.size())),
				window.plus(15L * random.nextInt(16), ChronoUnit.MINUTES)));
		int next = random.nextInt(4);
		if (requestId == null || next == 0) {
			return true;
		}
		Api.Response outcome = awaitOutcome(requestId);
		if (outcome != null && "SUCCEEDED".equals(outcome.text("status"))) {
			submit("/api/v1/bookings/" + outcome.text("bookingId") + (next == 1 ? "/cancel" : "/confirm"), null);
		}
		return true;
	}

	/** One answer of the gateway, and how long it took. */
	public record Answer(Api.Response response, long millis) {

		public UUID acceptedRequest() {
			return response.status() == 202 ? response.uuid("requestId") : null;
		}
	}

	/** A hold of the next customer, sent by the test itself (at a moment of its choosing); counted like the others. */
	public Answer hold() {
		int customer = nextCustomer.getAndIncrement();
		return send("/api/v1/bookings", holdJson(customers.get(customer), therapists.get(0), services.get(0),
				window.plus(15L * random.nextInt(16), ChronoUnit.MINUTES)));
	}

	/** @return the request's ID if it was accepted */
	private UUID submit(String path, String json) {
		return send(path, json).acceptedRequest();
	}

	private Answer send(String path, String json) {
		long started = System.nanoTime();
		Api.Response response = api.post(path, json);
		long millis = (System.nanoTime() - started) / 1_000_000;
		answers.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
		slowestAnswers.computeIfAbsent(response.status(), status -> new AtomicLong()).accumulateAndGet(millis, Math::max);
		if (response.status() == 202) {
			accepted.add(response.uuid("requestId"));
			return new Answer(response, millis);
		}
		boolean unavailable = response.status() == 503 && "application/problem+json".equals(response.contentType());
		if (unavailable && !response.text("requestId").isEmpty()) {
			rejected.add(response.uuid("requestId"));
		}
		if (!unavailable) {
			unexpected.add(response.status() + " " + path + " " + response.raw().body());
		}
		return new Answer(response, millis);
	}

	/** Polls the request as a front end would; null if it is still pending after a while. */
	private Api.Response awaitOutcome(UUID requestId) throws InterruptedException {
		// short: a client stuck polling through a whole outage would send nothing that meets the fault
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (running.get() && System.nanoTime() < deadline) {
			Api.Response state = api.get("/api/v1/requests/" + requestId);
			if (!"PENDING".equals(state.text("status"))) {
				return state;
			}
			pause(100);
		}
		return null;
	}

	private static void pause(long millis) throws InterruptedException {
		Thread.sleep(millis);
	}

	/** Every request the gateway accepted ({@code 202}): each must get exactly one outcome. */
	public List<UUID> accepted() {
		return List.copyOf(accepted);
	}

	/** Requests answered {@code 503} that the gateway had recorded (it could not confirm them as queued). */
	public List<UUID> rejected() {
		return List.copyOf(rejected);
	}

	public int answered(int status) {
		AtomicInteger count = answers.get(status);
		return count == null ? 0 : count.get();
	}

	/** The longest any answer with this status took, in milliseconds. */
	public long slowest(int status) {
		AtomicLong slowest = slowestAnswers.get(status);
		return slowest == null ? 0 : slowest.get();
	}

	/** Answers other than {@code 202} or {@code 503} problem+json: there should be none. */
	public List<String> unexpected() {
		return List.copyOf(unexpected);
	}

	public List<UUID> therapists() {
		return therapists;
	}

	public List<UUID> services() {
		return services;
	}

	@Override
	public String toString() {
		return "answers by status " + answers + ", slowest (ms) " + slowestAnswers;
	}
}
