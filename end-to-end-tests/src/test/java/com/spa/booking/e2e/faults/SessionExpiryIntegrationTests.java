package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.testing.BookingHistory;
import com.spa.booking.schemas.Messages;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.Pipeline;

/**
 * Customers pay for two-therapist sessions right around the moment their hold runs out: some before, some in the hold's
 * grace, some after the session was marked expired, with a short TTL and a fast expiry sweep so that expiries and
 * payments cross all the time. Every session ends confirmed as a whole or not at all, no booking is expired after it was
 * confirmed, and every payment requested before the expiry confirms. Seeded like the fault tests
 * ({@code -Dfaults.seed}, {@code -Dfaults.rounds}).
 */
@Tag("faults")
class SessionExpiryIntegrationTests {

	static final int SESSIONS = 200;

	static final Duration TTL = Duration.ofSeconds(2);

	static final Duration GRACE = Duration.ofMillis(1500);

	@Test
	void sessionsPaidRightAroundTheirExpiryAreConfirmedWholeOrNotAtAllAndNeverExpiredAfterConfirming() throws Exception {
		Faults.repeat("booking sessions paid around their expiry", random -> {
			try (Pipeline pipeline = Pipeline.onTestStack("session-expiry")) {
				String[] settings = { "--booking.hold-ttl=" + TTL, "--booking.hold-grace=" + GRACE,
						"--booking.expiry-sweep-interval=100ms" };
				pipeline.startWorker(settings);
				Api api = Pipeline.api(pipeline.startGateway(settings));
				payAroundExpiry(pipeline, api, random);
			}
		});
	}

	/** A session that was held, and its payment. */
	record Session(UUID sessionId, Instant holdExpiresAt, String paymentKey, int answer) {
	}

	private void payAroundExpiry(Pipeline pipeline, Api api, Random random) throws Exception {
		Fixtures fixtures = pipeline.fixtures();
		UUID massage = fixtures.service(30, 0);
		List<UUID> therapists = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			therapists.add(fixtures.therapistAroundTheClock(massage));
		}
		List<UUID> customers = fixtures.customers(SESSIONS);
		Instant day = Instant.now().plus(30 + random.nextInt(200), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
		Map<UUID, Session> sessions = new ConcurrentHashMap<>();
		List<String> rejectedHolds = java.util.Collections.synchronizedList(new ArrayList<>());
		ScheduledExecutorService clients = Executors.newScheduledThreadPool(16);
		try {
			for (int i = 0; i < SESSIONS; i++) {
				// 600 therapist-times for 400 items: sessions compete for some of them
				int first = random.nextInt(therapists.size());
				int second = (first + 1 + random.nextInt(therapists.size() - 1)) % therapists.size();
				Instant start = day.plus(random.nextInt(5), ChronoUnit.DAYS).plus(8, ChronoUnit.HOURS)
					.plus(30L * random.nextInt(20), ChronoUnit.MINUTES);
				Instant secondStart = random.nextBoolean() ? start : start.plus(30, ChronoUnit.MINUTES);
				// paid from 0.7 s before the expiry to 2.8 s after it: before, in the grace, after the sweep
				long payAfterExpiryMillis = -700 + random.nextInt(3500);
				String body = """
						{"customerId":"%s","items":[{"therapistId":"%s","serviceId":"%s","start":"%s"},
						{"therapistId":"%s","serviceId":"%s","start":"%s"}]}""".formatted(customers.get(i),
						therapists.get(first), massage, start, therapists.get(second), massage, secondStart);
				clients.schedule(() -> {
					Api.Response held = api.post("/api/v1/booking-sessions", body, "Prefer", "wait=10");
					if (held.status() != 201) {
						rejectedHolds.add(held.status() + " " + held.body().path("reason").asString());
						return;
					}
					UUID session = held.uuid("sessionId");
					Instant expiry = Instant.parse(held.text("holdExpiresAt"));
					String key = "pay-" + session;
					long delay = Duration.between(Instant.now(), expiry).toMillis() + payAfterExpiryMillis;
					clients.schedule(() -> {
						Api.Response paid = api.post("/api/v1/booking-sessions/" + session + "/confirm", null, "Prefer",
								"wait=10", "Idempotency-Key", key);
						sessions.put(session, new Session(session, expiry, key, paid.status()));
					}, Math.max(0, delay), TimeUnit.MILLISECONDS);
				}, i * 60L, TimeUnit.MILLISECONDS);
			}
			await().atMost(Duration.ofSeconds(90)).until(() -> sessions.size() + rejectedHolds.size() == SESSIONS);
		}
		finally {
			clients.shutdownNow();
		}

		JdbcClient jdbc = pipeline.jdbc();
		List<UUID> accepted = jdbc.sql("SELECT request_id FROM gateway.requests").query(UUID.class).list();
		Reconciliation.verify(pipeline, accepted);

		int paidInTime = 0;
		int paidInGrace = 0;
		int paidLate = 0;
		int confirmedLate = 0;
		for (Session session : sessions.values()) {
			Map<String, Long> statuses = jdbc.sql("SELECT status, count(*) FROM bookings WHERE session_id = ? GROUP BY status")
				.param(session.sessionId())
				.query((row, n) -> Map.entry(row.getString(1), row.getLong(2)))
				.list()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			assertThat(statuses).as("booking session %s", session.sessionId()).satisfiesAnyOf(
					whole -> assertThat(whole).containsOnlyKeys("CONFIRMED").containsValue(2L),
					none -> assertThat(none).doesNotContainKey("CONFIRMED"));
			assertThat(session.answer()).as("payment answer of booking session %s", session.sessionId())
				.isEqualTo(statuses.containsKey("CONFIRMED") ? 200 : 409);
			Instant requested = Messages.command(jdbc.sql("SELECT command FROM gateway.requests WHERE idempotency_key = ?")
				.param(session.paymentKey())
				.query(String.class)
				.single()).requestedAt();
			if (requested.isBefore(session.holdExpiresAt())) {
				paidInTime++;
				assertThat(statuses).as("booking session %s paid in time, at %s", session.sessionId(), requested)
					.containsOnlyKeys("CONFIRMED");
			}
			else if (requested.isBefore(session.holdExpiresAt().plus(GRACE))) {
				paidInGrace++;
			}
			else {
				paidLate++;
			}
			if (!requested.isBefore(session.holdExpiresAt()) && statuses.containsKey("CONFIRMED")) {
				confirmedLate++;
			}
		}
		// a consumer building each booking from its events ends where the table is, and never saw an undone confirm
		Map<UUID, List<BookingEvent>> histories = new java.util.HashMap<>();
		java.util.Set<UUID> seen = new java.util.HashSet<>();
		for (BookingEvent event : pipeline.events().records()) {
			if (seen.add(event.eventId())) {
				histories.computeIfAbsent(event.booking().bookingId(), booking -> new ArrayList<>()).add(event);
			}
		}
		jdbc.sql("SELECT id, status FROM bookings").query((row, n) -> {
			assertThat(BookingHistory.replay(histories.get(row.getObject(1, UUID.class))).name())
				.as("history of %s", row.getObject(1)).isEqualTo(row.getString(2));
			return null;
		}).list();
		System.out.printf("[faults] %d booking sessions held (holds rejected: %s); paid in time %d (all confirmed), in the grace %d, "
				+ "after it %d; %d of those late ones confirmed; none half confirmed%n", sessions.size(),
				rejectedHolds.stream().collect(Collectors.groupingBy(reason -> reason, Collectors.counting())), paidInTime,
				paidInGrace, paidLate, confirmedLate);
		assertThat(paidInTime).as("payments in time").isPositive();
		assertThat(paidLate).as("payments after the grace").isPositive();
	}
}
