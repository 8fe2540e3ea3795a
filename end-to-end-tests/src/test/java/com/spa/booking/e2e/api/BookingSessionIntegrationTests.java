package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/** Sessions: all items or none, however many sessions compete for the same time. */
class BookingSessionIntegrationTests {

	static Api api;

	static Fixtures fixtures;

	static JdbcClient jdbc;

	static TopicRecorder<BookingEvent> events;

	final Instant day = Instant.now().plus(120, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS)
		.plus((long) (Math.random() * 2000), ChronoUnit.DAYS);

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		fixtures = Fixtures.of(stack);
		jdbc = stack.worker().getBean(JdbcClient.class);
		events = TopicRecorder.ofKnown(stack.kafkaBootstrapServers(), Messages::bookingEvent, Topics.EVENTS);
	}

	@AfterAll
	static void stopRecording() {
		events.close();
	}

	@Test
	void aMassageAndACouplesTreatmentAreHeldAndConfirmedTogether() {
		UUID massage = fixtures.service(60, 15);
		UUID couples = fixtures.service(90, 0);
		UUID anna = fixtures.therapistAroundTheClock(massage, couples);
		UUID ben = fixtures.therapistAroundTheClock(couples);
		UUID customer = api.newCustomer();

		Api.Response held = api.post("/api/v1/booking-sessions", session(customer,
				item(anna, massage, day.plus(10, ChronoUnit.HOURS)),
				// the same customer with two therapists at once: a couples treatment
				item(anna, couples, day.plus(14, ChronoUnit.HOURS)),
				item(ben, couples, day.plus(14, ChronoUnit.HOURS))), "Prefer", "wait=10");

		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		assertThat(held.text("status")).isEqualTo("HELD");
		UUID session = held.uuid("sessionId");
		assertThat(held.body().path("items").size()).isEqualTo(3);
		assertThat(held.body().path("items").findValuesAsString("holdExpiresAt")).containsOnly(held.text("holdExpiresAt"));

		Api.Response confirmed = api.post("/api/v1/booking-sessions/" + session + "/confirm", null, "Prefer", "wait=10");

		assertThat(confirmed.status()).isEqualTo(200);
		assertThat(confirmed.text("status")).isEqualTo("CONFIRMED");
		assertThat(api.get("/api/v1/booking-sessions/" + session).text("status")).isEqualTo("CONFIRMED");
		await().until(() -> events.records().stream()
			.filter(event -> session.equals(event.booking().sessionId()))
			.count() == 6);
		assertThat(events.records()).filteredOn(BookingHeld.class::isInstance)
			.filteredOn(event -> session.equals(event.booking().sessionId()))
			.hasSize(3);
	}

	@Test
	void aSessionWithMoreItemsThanACustomerMayHoldIsRejected() {
		UUID massage = fixtures.service(30, 0);
		UUID anna = fixtures.therapistAroundTheClock(massage);

		Api.Response rejected = api.post("/api/v1/booking-sessions", session(api.newCustomer(),
				item(anna, massage, day.plus(9, ChronoUnit.HOURS)), item(anna, massage, day.plus(10, ChronoUnit.HOURS)),
				item(anna, massage, day.plus(11, ChronoUnit.HOURS)), item(anna, massage, day.plus(12, ChronoUnit.HOURS))),
				"Prefer", "wait=10");

		assertThat(rejected.status()).isEqualTo(409);
		assertThat(rejected.text("reason")).isEqualTo("TOO_MANY_HOLDS");
	}

	@Test
	void ifOneItemIsRejectedNothingIsHeldAndEachItemSaysWhy() {
		UUID massage = fixtures.service(60, 0);
		UUID anna = fixtures.therapistAroundTheClock(massage);
		UUID ben = fixtures.therapistAroundTheClock(massage);
		Instant ten = day.plus(10, ChronoUnit.HOURS);
		assertThat(api.post("/api/v1/bookings", holdJson(api.newCustomer(), anna, massage, ten), "Prefer", "wait=10")
			.status()).isEqualTo(201);
		UUID customer = api.newCustomer();

		Api.Response rejected = api.post("/api/v1/booking-sessions", session(customer, item(ben, massage, ten),
				item(anna, massage, ten.plus(30, ChronoUnit.MINUTES))), "Prefer", "wait=10");

		assertThat(rejected.status()).isEqualTo(409);
		assertThat(rejected.body().path("items").findValuesAsString("reason")).containsExactly("SLOT_TAKEN");
		assertThat(rejected.body().path("items").findValues("alternatives")).hasSize(1);
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE customer_id = ?").param(customer).query(Long.class).single())
			.isZero();
		assertThat(api.get("/api/v1/booking-sessions/" + rejected.text("sessionId")).status()).isEqualTo(404);
	}

	@Test
	void anItemOfASessionCannotBeConfirmedCancelledOrRescheduledOnItsOwn() {
		UUID massage = fixtures.service(60, 0);
		UUID anna = fixtures.therapistAroundTheClock(massage);
		Api.Response held = api.post("/api/v1/booking-sessions", session(api.newCustomer(),
				item(anna, massage, day.plus(9, ChronoUnit.HOURS))), "Prefer", "wait=10");
		String item = "/api/v1/bookings/" + held.body().path("items").path(0).path("bookingId").asString();
		assertThat(api.post("/api/v1/booking-sessions/" + held.text("sessionId") + "/confirm", null, "Prefer", "wait=10")
			.status()).isEqualTo(200);

		for (Api.Response single : List.of(api.post(item + "/confirm", null, "Prefer", "wait=10"),
				api.post(item + "/cancel", null, "Prefer", "wait=10"),
				api.post(item + "/reschedule", "{\"start\":\"" + day.plus(12, ChronoUnit.HOURS) + "\"}", "Prefer",
						"wait=10"))) {
			assertThat(single.status()).isEqualTo(409);
			assertThat(single.text("type")).isEqualTo("urn:spa-booking:problem:part-of-session");
		}
		assertThat(api.get(item).text("status")).isEqualTo("CONFIRMED");
	}

	@Test
	void twentySessionsCompetingFromEightThreadsLeaveNoSessionPartlyHeldOrPartlyConfirmed() throws Exception {
		UUID massage = fixtures.service(60, 15);
		List<UUID> therapists = List.of(fixtures.therapistAroundTheClock(massage), fixtures.therapistAroundTheClock(massage),
				fixtures.therapistAroundTheClock(massage), fixtures.therapistAroundTheClock(massage));
		Random random = new Random(7);
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			UUID customer = api.newCustomer();
			int size = 2 + random.nextInt(2);
			List<String> items = new ArrayList<>();
			for (int j = 0; j < size; j++) {
				// six starts, an hour apart, per therapist: sessions collide often; the customer's own items never overlap
				items.add(item(therapists.get(random.nextInt(4)), massage, day.plus(8 + 2 * j, ChronoUnit.HOURS)
					.plus(30L * random.nextInt(2), ChronoUnit.MINUTES)));
			}
			bodies.add(session(customer, items.toArray(String[]::new)));
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Api.Response> held;
		try {
			List<Future<Api.Response>> futures = bodies.stream()
				.map(session -> pool.submit(() -> api.post("/api/v1/booking-sessions", session, "Prefer", "wait=30")))
				.toList();
			held = new ArrayList<>();
			for (Future<Api.Response> future : futures) {
				held.add(future.get());
			}
			// then half of the held sessions are confirmed and half cancelled, concurrently
			List<Future<Api.Response>> decided = new ArrayList<>();
			for (int i = 0; i < held.size(); i++) {
				Api.Response response = held.get(i);
				if (response.status() == 201) {
					String action = i % 2 == 0 ? "/confirm" : "/cancel";
					decided.add(pool.submit(() -> api.post("/api/v1/booking-sessions/" + response.text("sessionId") + action,
							null, "Prefer", "wait=30")));
				}
			}
			for (Future<Api.Response> future : decided) {
				assertThat(future.get().status()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(held).extracting(Api.Response::status).containsOnly(201, 409).contains(201, 409);
		List<UUID> sessions = held.stream().map(response -> response.uuid("sessionId")).toList();
		Map<UUID, List<String>> statuses = jdbc.sql("SELECT session_id, status FROM bookings WHERE session_id = ANY(?)")
			.param(sessions.toArray(UUID[]::new))
			.query((rs, n) -> Map.entry(rs.getObject("session_id", UUID.class), rs.getString("status")))
			.list()
			.stream()
			.collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
		for (int i = 0; i < held.size(); i++) {
			UUID session = sessions.get(i);
			if (held.get(i).status() == 409) {
				assertThat(statuses).as("rejected booking session %s", session).doesNotContainKey(session);
			}
			else {
				assertThat(statuses.get(session)).as("booking session %s", session).hasSize(held.get(i).body().path("items").size())
					.containsOnly(i % 2 == 0 ? "CONFIRMED" : "RELEASED");
			}
		}
		assertThat(jdbc.sql(ConcurrentBookingIntegrationTests.OVERLAPPING_ACTIVE_PAIRS)
			.param(therapists.toArray(UUID[]::new)).query(Long.class).single()).isZero();
	}

	private static String item(UUID therapist, UUID service, Instant start) {
		return "{\"therapistId\":\"" + therapist + "\",\"serviceId\":\"" + service + "\",\"start\":\"" + start + "\"}";
	}

	private static String session(UUID customer, String... items) {
		return "{\"customerId\":\"" + customer + "\",\"items\":[" + String.join(",", items) + "]}";
	}
}
