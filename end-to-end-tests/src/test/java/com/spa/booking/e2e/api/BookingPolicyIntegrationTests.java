package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;
import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.FeeCharged;
import com.spa.booking.schemas.FeeKind;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;
import com.spa.booking.testing.TopicRecorder;

/**
 * A service's booking policy, set through the admin API, as the customer and the front desk meet it: shown with the
 * booking before it is confirmed, and deciding who may cancel and move it, and at what cost. The windows are a year
 * long, so a booking a month ahead is inside them from the moment it is held; the rules from the start on are
 * {@code StartedBookingIntegrationTests}'s, on a stack of its own with a one-minute grid.
 */
class BookingPolicyIntegrationTests {

	static final AtomicInteger TESTS = new AtomicInteger();

	static Api api;

	static UUID service;

	static UUID therapist;

	final UUID customer = api.newCustomer();

	final Api asCustomer = api.as(Tokens.customer(customer));

	/** Each test's own start, 4 hours after the last one's: the tests share the therapist. */
	final Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
		.plus(4L * TESTS.incrementAndGet(), ChronoUnit.HOURS);

	/** What a payment service reads, each record checked against its schema. */
	static TopicRecorder<BookingEvent> events;

	@BeforeAll
	static void givenAServiceWithAStrictPolicy() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		events = TopicRecorder.ofKnown(stack.kafkaBootstrapServers(), Messages::bookingEvent, Topics.EVENTS);
		service = Fixtures.of(stack).service(60, 0);
		therapist = Fixtures.of(stack).therapistAroundTheClock(service);
		Api.Response set = api.put("/api/v1/admin/services/" + service + "/booking-policy", """
				{"minimumLeadMinutes": 60, "freeCancellationHours": 8760, "rescheduleHours": 8760,
				 "lateCancellationFee": {"amount": null, "percent": 50}, "noShowFee": {"amount": 30.00, "percent": null},
				 "deposit": {"amount": null, "percent": 20}}""");
		assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
	}

	@Test
	void theHeldBookingShowsItsPolicyAndInsideItsWindowsOnlyTheFrontDeskMovesItWithAReason() {
		UUID booking = held();
		assertThat(api.get("/api/v1/bookings/" + booking).body().path("policy").path("rescheduleHours").asInt())
			.isEqualTo(8760);
		assertThat(asCustomer.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status())
			.isEqualTo(200);
		String later = "\"start\":\"" + start.plus(2, ChronoUnit.HOURS) + "\"";

		Api.Response refused = asCustomer.post("/api/v1/bookings/" + booking + "/reschedule", "{" + later + "}",
				"Prefer", "wait=10");
		Api.Response withoutReason = api.as(Tokens.of("front-desk")).post("/api/v1/bookings/" + booking
				+ "/reschedule", "{" + later + "}", "Prefer", "wait=10");
		Api.Response moved = api.as(Tokens.of("front-desk")).post("/api/v1/bookings/" + booking + "/reschedule",
				"{" + later + ",\"reason\":\"the therapist asked\"}", "Prefer", "wait=10");

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.text("reason")).isEqualTo("RESCHEDULE_WINDOW_CLOSED");
		assertThat(withoutReason.text("reason")).isEqualTo("RESCHEDULE_WINDOW_CLOSED");
		assertThat(moved.status()).as(moved.raw().body()).isEqualTo(200);
		assertThat(Instant.parse(moved.text("start"))).isEqualTo(start.plus(2, ChronoUnit.HOURS));
	}

	@Test
	void aHoldInsideTheLeastLeadTimeIsRefused() {
		// on the 15-minute grid, 5 to 20 minutes from now: still ahead when it arrives, well inside the policy's 60
		long quarter = Duration.ofMinutes(15).toSeconds();
		Instant soon = Instant.ofEpochSecond((Instant.now().plus(5, ChronoUnit.MINUTES).getEpochSecond() / quarter + 1)
				* quarter);

		Api.Response refused = asCustomer.post("/api/v1/bookings", holdJson(customer, therapist, service, soon), "Prefer",
				"wait=10");

		assertThat(refused.status()).as(refused.raw().body()).isEqualTo(422);
		assertThat(refused.text("reason")).isEqualTo("TOO_SHORT_NOTICE");
	}

	@Test
	void beforeItsStartABookingIsNeitherCompletedNorANoShowAndOnlyTheFrontDeskMarksIt() {
		UUID booking = held();
		api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10");

		Api.Response early = api.as(Tokens.of("front-desk")).post("/api/v1/bookings/" + booking + "/no-show", null,
				"Prefer", "wait=10");

		assertThat(early.status()).isEqualTo(409);
		assertThat(early.text("reason")).isEqualTo("NOT_STARTED");
		assertThat(asCustomer.unchecked().post("/api/v1/bookings/" + booking + "/complete", null).status()).isEqualTo(403);
	}

	@Test
	void aCustomersCancellationInsideTheFreeWindowSucceedsAndItsFeeIsAnnounced() {
		UUID booking = held();
		api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10");

		Api.Response cancelled = asCustomer.post("/api/v1/bookings/" + booking + "/cancel", null, "Prefer", "wait=10");

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
		// half of the 50.00 the service costs, once, under the ID a payment service de-duplicates by
		await().untilAsserted(() -> assertThat(events.records()).filteredOn(FeeCharged.class::isInstance)
			.map(FeeCharged.class::cast)
			.filteredOn(fee -> fee.booking().bookingId().equals(booking))
			.singleElement()
			.satisfies(fee -> {
				assertThat(fee.kind()).isEqualTo(FeeKind.LATE_CANCELLATION);
				assertThat(fee.eventId()).isEqualTo(FeeCharged.eventIdOf(booking, FeeKind.LATE_CANCELLATION));
				assertThat(fee.fee().amount()).isEqualByComparingTo("25.00");
				assertThat(fee.fee().currency()).isEqualTo(fee.booking().price().currency());
			}));
	}

	@Test
	void theFrontDesksCancellationInsideTheFreeWindowIsFree() {
		UUID booking = held();
		api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10");

		Api.Response cancelled = api.as(Tokens.of("front-desk")).post("/api/v1/bookings/" + booking + "/cancel", null,
				"Prefer", "wait=10");

		assertThat(cancelled.status()).isEqualTo(200);
		await().until(() -> events.records().stream().anyMatch(event -> event instanceof BookingCancelled
				&& event.booking().bookingId().equals(booking)));
		assertThat(events.records()).filteredOn(FeeCharged.class::isInstance)
			.noneMatch(fee -> fee.booking().bookingId().equals(booking));
	}

	@Test
	void aCustomersLateCancellationOfABookingSessionChargesEachItemItsFeeOnce() {
		UUID other = Fixtures.of(TestStack.get()).therapistAroundTheClock(service);
		String item = "{\"therapistId\":\"%s\",\"serviceId\":\"" + service + "\",\"start\":\"" + start + "\"}";
		Api.Response held = asCustomer.post("/api/v1/booking-sessions", "{\"customerId\":\"" + customer
				+ "\",\"items\":[" + item.formatted(therapist) + "," + item.formatted(other) + "]}", "Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		UUID session = held.uuid("sessionId");
		assertThat(asCustomer.post("/api/v1/booking-sessions/" + session + "/confirm", null, "Prefer", "wait=10").status())
			.isEqualTo(200);

		Api.Response cancelled = asCustomer.post("/api/v1/booking-sessions/" + session + "/cancel", null, "Prefer",
				"wait=10");

		assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(200);
		// each item half of its 50.00, once each, under IDs derived from the item and the kind of fee
		await().untilAsserted(() -> assertThat(events.records()).filteredOn(FeeCharged.class::isInstance)
			.map(FeeCharged.class::cast)
			.filteredOn(fee -> session.equals(fee.booking().sessionId()))
			.hasSize(2)
			.allSatisfy(fee -> {
				assertThat(fee.kind()).isEqualTo(FeeKind.LATE_CANCELLATION);
				assertThat(fee.eventId()).isEqualTo(FeeCharged.eventIdOf(fee.booking().bookingId(), FeeKind.LATE_CANCELLATION));
				assertThat(fee.fee().amount()).isEqualByComparingTo("25.00");
			})
			.extracting(fee -> fee.booking().therapistId())
			.containsExactlyInAnyOrder(therapist, other));
	}

	@AfterAll
	static void stopRecording() {
		events.close();
	}

	private UUID held() {
		Api.Response held = asCustomer.post("/api/v1/bookings", holdJson(customer, therapist, service, start),
				"Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		return held.uuid("bookingId");
	}
}
