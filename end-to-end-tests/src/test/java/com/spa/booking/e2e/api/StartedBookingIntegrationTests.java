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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;
import com.spa.booking.schemas.BookingCompleted;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.FeeCharged;
import com.spa.booking.schemas.FeeKind;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;
import com.spa.booking.testing.Infrastructure;
import com.spa.booking.testing.TopicRecorder;

/**
 * Bookings whose start passes while the test watches, through the API: a stack of its own with a one-minute slot grid,
 * so that a booking can start two minutes from now, and the test waits for the clock (not for a guess) before it
 * asks what may happen to it then. Every test's booking is held and confirmed up front, for one start, so the class
 * waits for a start once.
 */
class StartedBookingIntegrationTests {

	/** A customer's confirmed booking, by the path of its resource. */
	record Confirmed(UUID customer, String path) {
	}

	static LocalStack stack;

	static Api api;

	static UUID service;

	/** When every test's booking starts. */
	static Instant start;

	static Confirmed missed;

	static Confirmed attended;

	/** What a payment service reads, each record checked against its schema. */
	static TopicRecorder<BookingEvent> events;

	@BeforeAll
	static void aStackWithAOneMinuteGridAndBookingsThatStartSoon() {
		Map<String, Object> properties = new LinkedHashMap<>(TestIssuer.gatewayProperties());
		properties.put("booking.slot-minutes", 1);
		stack = LocalStack.start(new LocalStack.Options(0, null, properties, false, 0, 0, null),
				Infrastructure.postgres(), Infrastructure.kafka());
		api = new Api(stack.gatewayUrl());
		events = TopicRecorder.ofKnown(stack.kafkaBootstrapServers(), Messages::bookingEvent, Topics.EVENTS);
		service = Fixtures.of(stack).service(30, 0);
		Api.Response set = api.put("/api/v1/admin/services/" + service + "/booking-policy", """
				{"minimumLeadMinutes": 0, "freeCancellationHours": 1, "rescheduleHours": 1,
				 "lateCancellationFee": {"amount": null, "percent": 50}, "noShowFee": {"amount": 10.00, "percent": null},
				 "deposit": {"amount": null, "percent": null}}""");
		assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
		start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.MINUTES);
		missed = confirmedAtStart();
		attended = confirmedAtStart();
	}

	@BeforeEach
	void waitForTheStart() {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(start));
	}

	@AfterAll
	static void stop() {
		events.close();
		stack.close();
	}

	@Test
	void onceItsStartHasPassedTheCustomerCanNeitherCancelNorMoveItAndTheFrontDeskMarksItANoShowWithItsFee() {
		Api asCustomer = api.as(Tokens.customer(missed.customer()));

		Api.Response cancel = asCustomer.post(missed.path() + "/cancel", null, "Prefer", "wait=10");
		Api.Response move = asCustomer.post(missed.path() + "/reschedule",
				"{\"start\":\"" + start.plus(2, ChronoUnit.HOURS) + "\"}", "Prefer", "wait=10");
		Api.Response noShow = api.as(Tokens.of("front-desk")).post(missed.path() + "/no-show", null, "Prefer", "wait=10");

		assertThat(cancel.status()).isEqualTo(409);
		assertThat(cancel.text("reason")).isEqualTo("BOOKING_STARTED");
		assertThat(move.text("reason")).isEqualTo("BOOKING_STARTED");
		assertThat(noShow.status()).as(noShow.raw().body()).isEqualTo(200);
		assertThat(noShow.text("status")).isEqualTo("NO_SHOW");
		assertThat(api.get(missed.path()).text("status")).isEqualTo("NO_SHOW");
		UUID booking = noShow.uuid("bookingId");
		await().untilAsserted(() -> assertThat(events.records()).filteredOn(FeeCharged.class::isInstance)
			.map(FeeCharged.class::cast)
			.filteredOn(fee -> fee.booking().bookingId().equals(booking))
			.singleElement()
			.satisfies(fee -> {
				assertThat(fee.kind()).isEqualTo(FeeKind.NO_SHOW);
				assertThat(fee.fee().amount()).isEqualByComparingTo("10.00");
			}));
	}

	@Test
	void onceItsStartHasPassedTheFrontDeskMarksItCompletedWithoutAFee() {
		Api asFrontDesk = api.as(Tokens.of("front-desk"));

		Api.Response completed = asFrontDesk.post(attended.path() + "/complete", null, "Prefer", "wait=10");
		Api.Response thenNoShow = asFrontDesk.post(attended.path() + "/no-show", null, "Prefer", "wait=10");

		assertThat(completed.status()).as(completed.raw().body()).isEqualTo(200);
		assertThat(completed.text("status")).isEqualTo("COMPLETED");
		assertThat(api.get(attended.path()).text("status")).isEqualTo("COMPLETED");
		assertThat(thenNoShow.status()).as("a completed booking is final").isEqualTo(409);
		UUID booking = completed.uuid("bookingId");
		await().until(() -> events.records().stream()
			.anyMatch(event -> event instanceof BookingCompleted && event.booking().bookingId().equals(booking)));
		assertThat(events.records()).filteredOn(FeeCharged.class::isInstance)
			.noneMatch(fee -> fee.booking().bookingId().equals(booking));
	}

	/** A new customer's booking at {@link #start}, with a therapist of its own, held and confirmed. */
	private static Confirmed confirmedAtStart() {
		UUID customer = api.newCustomer();
		UUID therapist = Fixtures.of(stack).therapistAroundTheClock(service);
		Api asCustomer = api.as(Tokens.customer(customer));
		Api.Response held = asCustomer.post("/api/v1/bookings", holdJson(customer, therapist, service, start), "Prefer",
				"wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		String path = "/api/v1/bookings/" + held.uuid("bookingId");
		assertThat(asCustomer.post(path + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);
		return new Confirmed(customer, path);
	}
}
