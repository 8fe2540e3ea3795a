package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingRescheduled;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;

/** Moving a confirmed booking is one step: the customer has the new time, or keeps the old one. */
class RescheduleIntegrationTests {

	static Api api;

	static Fixtures fixtures;

	static TopicRecorder<BookingEvent> events;

	final Instant start = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		fixtures = Fixtures.of(stack);
		events = TopicRecorder.ofKnown(stack.kafkaBootstrapServers(), Messages::bookingEvent, Topics.EVENTS);
	}

	@AfterAll
	static void stopRecording() {
		events.close();
	}

	@Test
	void aConfirmedBookingMovesToAFreeTimeAndTheOldTimeIsFreed() {
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID booking = confirmed(api.newCustomer(), therapist, service, start);

		Api.Response moved = api.post("/api/v1/bookings/" + booking + "/reschedule",
				"{\"start\":\"" + start.plus(3, ChronoUnit.HOURS) + "\"}", "Prefer", "wait=10");

		assertThat(moved.status()).as(moved.raw().body()).isEqualTo(200);
		assertThat(Instant.parse(moved.text("start"))).isEqualTo(start.plus(3, ChronoUnit.HOURS));
		assertThat(moved.text("status")).isEqualTo("CONFIRMED");
		// the old time is free again
		assertThat(api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, start), "Prefer", "wait=10")
			.status()).isEqualTo(201);
		await().until(() -> rescheduled(booking).size() == 1);
		BookingRescheduled event = rescheduled(booking).get(0);
		assertThat(event.previousStart()).isEqualTo(start);
		assertThat(event.booking().start()).isEqualTo(start.plus(3, ChronoUnit.HOURS));
	}

	@Test
	void aBookingMovesToAnotherTherapist() {
		UUID service = fixtures.service(60, 0);
		UUID first = fixtures.therapistAroundTheClock(service);
		UUID second = fixtures.therapistAroundTheClock(service);
		UUID booking = confirmed(api.newCustomer(), first, service, start);

		Api.Response moved = api.post("/api/v1/bookings/" + booking + "/reschedule",
				"{\"start\":\"" + start + "\",\"therapistId\":\"" + second + "\"}", "Prefer", "wait=10");

		assertThat(moved.status()).isEqualTo(200);
		assertThat(moved.uuid("therapistId")).isEqualTo(second);
		// and the booking's next command finds it with its new therapist
		Api.Response cancelled = api.post("/api/v1/bookings/" + booking + "/cancel", null, "Prefer", "wait=10");
		assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
	}

	@Test
	void rescheduleToATakenTimeLeavesTheOriginalBookingConfirmedAndUntouched() {
		// ten in the morning, so that every time below falls on the same local day
		Instant start = tenInTheMorning(90);
		UUID service = fixtures.service(60, 15);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID booking = confirmed(api.newCustomer(), therapist, service, start);
		confirmed(api.newCustomer(), therapist, service, start.plus(2, ChronoUnit.HOURS));
		Api.Response before = api.get("/api/v1/bookings/" + booking);

		Api.Response rejected = api.post("/api/v1/bookings/" + booking + "/reschedule",
				"{\"start\":\"" + start.plus(150, ChronoUnit.MINUTES) + "\"}", "Prefer", "wait=10");

		assertThat(rejected.status()).isEqualTo(409);
		assertThat(rejected.text("reason")).isEqualTo("SLOT_TAKEN");
		assertThat(api.get("/api/v1/bookings/" + booking).body()).isEqualTo(before.body());
		assertThat(rescheduled(booking)).isEmpty();
		// what is offered instead counts the booking's own time as free: 45 minutes in overlaps where it is now
		List<Instant> offered = instants(rejected.body().path("alternatives").findValues("start"));
		assertThat(offered).isNotEmpty().doesNotContain(start.plus(150, ChronoUnit.MINUTES))
			.contains(start.plus(45, ChronoUnit.MINUTES));
		Api.Response moved = api.post("/api/v1/bookings/" + booking + "/reschedule",
				"{\"start\":\"" + start.plus(45, ChronoUnit.MINUTES) + "\"}", "Prefer", "wait=10");
		assertThat(moved.status()).as("an alternative can be taken at once").isEqualTo(200);
	}

	@Test
	void availabilityForABookingAboutToMoveCountsItsOwnTimeAsFree() {
		Instant start = tenInTheMorning(91);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID booking = confirmed(api.newCustomer(), therapist, service, start);
		String day = start.atZone(BERLIN).toLocalDate().toString();
		String query = "/api/v1/availability?serviceId=" + service + "&therapistId=" + therapist + "&date=" + day;

		List<Instant> plain = startsIn(api.get(query));
		List<Instant> moving = startsIn(api.get(query + "&bookingId=" + booking));
		Api.Response stranger = api.as(Tokens.customer(api.newCustomer())).get(query + "&bookingId=" + booking);

		assertThat(plain).doesNotContain(start);
		assertThat(moving).contains(start).containsAll(plain);
		assertThat(stranger.status()).as("another customer's booking").isEqualTo(404);
	}

	private static final java.time.ZoneId BERLIN = java.time.ZoneId.of("Europe/Berlin");

	/** Ten in the spa's morning some days ahead: treatments around it stay on that local day. */
	private static Instant tenInTheMorning(int daysAhead) {
		return java.time.LocalDate.now(BERLIN).plusDays(daysAhead).atTime(10, 0).atZone(BERLIN).toInstant();
	}

	private static List<Instant> startsIn(Api.Response availability) {
		return instants(availability.body().path("therapists").path(0).path("starts").valueStream().toList());
	}

	/** Local times with offsets, as the API gives them, as instants. */
	private static List<Instant> instants(List<tools.jackson.databind.JsonNode> localTimes) {
		return localTimes.stream().map(at -> java.time.OffsetDateTime.parse(at.asString()).toInstant()).toList();
	}

	@Test
	void onlyAConfirmedBookingCanBeRescheduled() {
		UUID service = fixtures.service(30, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID held = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, start), "Prefer", "wait=10")
			.uuid("bookingId");

		Api.Response rejected = api.post("/api/v1/bookings/" + held + "/reschedule",
				"{\"start\":\"" + start.plus(1, ChronoUnit.HOURS) + "\"}", "Prefer", "wait=10");

		assertThat(rejected.status()).isEqualTo(409);
		assertThat(rejected.text("reason")).isEqualTo("NOT_CONFIRMED");
	}

	private UUID confirmed(UUID customer, UUID therapist, UUID service, Instant at) {
		Api.Response held = api.post("/api/v1/bookings", holdJson(customer, therapist, service, at), "Prefer", "wait=10");
		assertThat(held.status()).isEqualTo(201);
		UUID booking = held.uuid("bookingId");
		assertThat(api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);
		return booking;
	}

	private List<BookingRescheduled> rescheduled(UUID booking) {
		return events.records().stream()
			.filter(BookingRescheduled.class::isInstance)
			.map(BookingRescheduled.class::cast)
			.filter(event -> event.booking().bookingId().equals(booking))
			.toList();
	}
}
