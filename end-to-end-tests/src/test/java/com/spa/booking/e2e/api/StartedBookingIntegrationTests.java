package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;
import com.spa.booking.testing.Infrastructure;

/**
 * A booking whose start passes while the test watches, through the API: a stack of its own with a one-minute slot grid,
 * so that a booking can start two minutes from now, and the test waits for the clock (not for a guess) before it
 * asks what may happen to it then.
 */
class StartedBookingIntegrationTests {

	static LocalStack stack;

	static Api api;

	static UUID service;

	static UUID therapist;

	@BeforeAll
	static void aStackWithAOneMinuteGrid() {
		Map<String, Object> properties = new LinkedHashMap<>(TestIssuer.gatewayProperties());
		properties.put("booking.slot-minutes", 1);
		stack = LocalStack.start(new LocalStack.Options(0, null, properties, false, 0, 0, null),
				Infrastructure.postgres(), Infrastructure.kafka());
		api = new Api(stack.gatewayUrl());
		service = Fixtures.of(stack).service(30, 0);
		therapist = Fixtures.of(stack).therapistAroundTheClock(service);
		Api.Response set = api.put("/api/v1/admin/services/" + service + "/booking-policy", """
				{"minimumLeadMinutes": 0, "freeCancellationHours": 1, "rescheduleHours": 1,
				 "lateCancellationFee": {"amount": null, "percent": 50}, "noShowFee": {"amount": 10.00, "percent": null},
				 "deposit": {"amount": null, "percent": null}}""");
		assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
	}

	@AfterAll
	static void stop() {
		stack.close();
	}

	@Test
	void onceItsStartHasPassedTheCustomerCanNeitherCancelNorMoveItAndTheFrontDeskMarksItANoShow() {
		UUID customer = api.newCustomer();
		Api asCustomer = api.as(Tokens.customer(customer));
		Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.MINUTES);
		Api.Response held = asCustomer.post("/api/v1/bookings", holdJson(customer, therapist, service, start), "Prefer",
				"wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		String booking = "/api/v1/bookings/" + held.uuid("bookingId");
		assertThat(asCustomer.post(booking + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);

		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(start));
		Api.Response cancel = asCustomer.post(booking + "/cancel", null, "Prefer", "wait=10");
		Api.Response move = asCustomer.post(booking + "/reschedule",
				"{\"start\":\"" + start.plus(2, ChronoUnit.HOURS) + "\"}", "Prefer", "wait=10");
		Api.Response noShow = api.as(Tokens.of("front-desk")).post(booking + "/no-show", null, "Prefer", "wait=10");

		assertThat(cancel.status()).isEqualTo(409);
		assertThat(cancel.text("reason")).isEqualTo("BOOKING_STARTED");
		assertThat(move.text("reason")).isEqualTo("BOOKING_STARTED");
		assertThat(noShow.status()).as(noShow.raw().body()).isEqualTo(200);
		assertThat(noShow.text("status")).isEqualTo("NO_SHOW");
		assertThat(api.get(booking).text("status")).isEqualTo("NO_SHOW");
	}
}
