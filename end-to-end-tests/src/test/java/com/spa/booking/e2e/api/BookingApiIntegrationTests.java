package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * The gateway's HTTP API against the whole stack: real broker, real database, real worker.
 */
class BookingApiIntegrationTests {

	static LocalStack stack;

	static Api api;

	static JdbcClient jdbc;

	static UUID SWEDISH_MASSAGE_60;

	static UUID THERAPIST;

	final UUID customer = api.newCustomer();

	/** A start of its own for every test, so tests never compete for the demo therapist's time. */
	final Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
		.plus((long) (Math.random() * 50_000) * 4, ChronoUnit.HOURS);

	@BeforeAll
	static void startStack() {
		stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		jdbc = stack.worker().getBean(JdbcClient.class);
		SWEDISH_MASSAGE_60 = Fixtures.of(stack).service(60, 15);
		THERAPIST = Fixtures.of(stack).therapistAroundTheClock(SWEDISH_MASSAGE_60);
	}

	/**
	 * What the walkthrough ({@code WalkthroughIntegrationTests}: hold, confirm, move, cancel, list) does not look at:
	 * where the booking is, the wait it got, its times, and a wait asked beyond the cap. An answer without a wait (202
	 * at the request's location) is {@code CommandResponderTests}' and the walkthrough's.
	 */
	@Test
	void aWaitedHoldSaysWhereItIsWhatWaitItGotAndWhenItExpires() {
		Api.Response held = api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start),
				"Prefer", "wait=10");

		assertThat(held.status()).isEqualTo(201);
		UUID booking = held.uuid("bookingId");
		assertThat(held.header("Location")).isEqualTo("/api/v1/bookings/" + booking);
		assertThat(held.header("Preference-Applied")).isEqualTo("wait=10");
		assertThat(held.text("status")).isEqualTo("HELD");
		assertThat(Instant.parse(held.text("start"))).isEqualTo(start);
		assertThat(Instant.parse(held.text("end"))).isEqualTo(start.plus(60, ChronoUnit.MINUTES));
		assertThat(Instant.parse(held.text("holdExpiresAt"))).isBetween(Instant.now().plus(14, ChronoUnit.MINUTES),
				Instant.now().plus(15, ChronoUnit.MINUTES));
		assertThat(api.get("/api/v1/bookings/" + booking).text("status")).isEqualTo("HELD");

		Api.Response confirmed = api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=999");
		assertThat(confirmed.status()).isEqualTo(200);
		assertThat(confirmed.header("Preference-Applied")).as("the wait is capped").isEqualTo("wait=30");
		assertThat(confirmed.text("status")).isEqualTo("CONFIRMED");
	}

	@Test
	void aTakenTimeIsAConflictAndTheRequestShowsTheProblem() {
		api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start), "Prefer", "wait=10");

		Api.Response taken = api.post("/api/v1/bookings",
				holdJson(api.newCustomer(), THERAPIST, SWEDISH_MASSAGE_60, start.plus(30, ChronoUnit.MINUTES)),
				"Prefer", "wait=10");

		assertThat(taken.status()).isEqualTo(409);
		assertThat(taken.contentType()).isEqualTo("application/problem+json");
		assertThat(taken.text("reason")).isEqualTo("SLOT_TAKEN");
		assertThat(taken.text("type")).isEqualTo("urn:spa-booking:problem:slot-taken");
		Api.Response request = api.get("/api/v1/requests/" + taken.text("requestId"));
		assertThat(request.text("status")).isEqualTo("REJECTED");
		assertThat(request.body().path("problem").path("reason").asString()).isEqualTo("SLOT_TAKEN");
		assertThat(request.body().has("bookingId")).isFalse();
	}

	@Test
	void aRetryWithTheSameIdempotencyKeyGetsTheSameRequestAndOutcomeAndNoSecondBooking() {
		String key = UUID.randomUUID().toString();
		String body = holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start);

		Api.Response first = api.post("/api/v1/bookings", body, "Prefer", "wait=10", "Idempotency-Key", key);
		Api.Response retry = api.post("/api/v1/bookings", body, "Prefer", "wait=10", "Idempotency-Key", key);
		Api.Response retryWithoutWaiting = api.post("/api/v1/bookings", body, "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retryWithoutWaiting.status()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retryWithoutWaiting.body()).isEqualTo(first.body());
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE customer_id = ?").param(customer).query(Long.class).single())
			.isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM gateway.requests WHERE idempotency_key = ?").param(key)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void theSameIdempotencyKeyWithADifferentBodyIsUnprocessable() {
		String key = UUID.randomUUID().toString();
		api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start), "Idempotency-Key", key);

		Api.Response reused = api.post("/api/v1/bookings",
				holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start.plus(2, ChronoUnit.HOURS)), "Idempotency-Key", key);

		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.contentType()).isEqualTo("application/problem+json");
		assertThat(reused.body().path("errors").path(0).path("field").asString()).isEqualTo("Idempotency-Key");
	}

	@Test
	void aRequestStillAnswersAfterTheGatewayRestarts() {
		Api.Response accepted = api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start),
				"Prefer", "wait=10");
		String bookingId = accepted.text("bookingId");
		Api.Response rejected = api.post("/api/v1/bookings",
				holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start), "Prefer", "wait=10");

		stack.restartGateway();
		api = new Api(stack.gatewayUrl());

		assertThat(api.get("/api/v1/bookings/" + bookingId).text("status")).isEqualTo("HELD");
		Api.Response request = api.get("/api/v1/requests/" + rejected.text("requestId"));
		assertThat(request.status()).isEqualTo(200);
		assertThat(request.text("status")).isEqualTo("REJECTED");
	}

	@Test
	void aRequestOlderThanTheRetentionIsForgottenAndItsKeyCanBeUsedAgain() {
		String key = UUID.randomUUID().toString();
		api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start), "Prefer", "wait=10",
				"Idempotency-Key", key);
		UUID requestId = jdbc.sql("SELECT request_id FROM gateway.requests WHERE idempotency_key = ?").param(key)
			.query(UUID.class).single();
		assertThat(api.get("/api/v1/requests/" + requestId).status()).isEqualTo(200);
		jdbc.sql("UPDATE gateway.requests SET created_at = now() - interval '31 days' WHERE idempotency_key = ?")
			.param(key)
			.update();

		assertThat(stack.gateway().getBean(com.spa.booking.gateway.request.RequestsRetention.class).prune())
			.isGreaterThanOrEqualTo(1);

		assertThat(api.get("/api/v1/requests/" + requestId).status()).isEqualTo(404);
		Api.Response again = api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60,
				start.plus(2, ChronoUnit.HOURS)), "Prefer", "wait=10", "Idempotency-Key", key);
		assertThat(again.status()).isEqualTo(201);
	}

	@Test
	void confirmingOrReadingAnUnknownBookingIsNotFound() {
		UUID unknown = UUID.randomUUID();

		for (Api.Response response : List.of(api.get("/api/v1/bookings/" + unknown),
				api.post("/api/v1/bookings/" + unknown + "/confirm", null),
				api.get("/api/v1/requests/" + unknown))) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
		}
	}

	@Test
	void theCatalogListsTherapistsWithTheirServicesAndTheServices() {
		var therapist = api.get("/api/v1/therapists").body().valueStream()
			.filter(entry -> entry.path("therapistId").asString().equals(THERAPIST.toString()))
			.findFirst()
			.orElseThrow();
		assertThat(therapist.path("serviceIds").valueStream().map(id -> id.asString())).containsExactly(SWEDISH_MASSAGE_60.toString());
		assertThat(api.get("/api/v1/services").body().findValuesAsString("serviceId"))
			.contains(SWEDISH_MASSAGE_60.toString());
	}

	@Test
	void aSecondCustomerWithTheSameEmailIsAConflictWhateverItsCase() {
		String email = UUID.randomUUID() + "@Example.com";
		assertThat(api.post("/api/v1/customers", "{\"name\":\"A\",\"email\":\"" + email + "\"}").status()).isEqualTo(201);

		Api.Response duplicate = api.post("/api/v1/customers", "{\"name\":\"B\",\"email\":\"" + email.toLowerCase() + "\"}");

		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.contentType()).isEqualTo("application/problem+json");
		assertThat(duplicate.body().path("errors").path(0).path("field").asString()).isEqualTo("email");
	}
}
