package com.spa.booking.e2e.contracts;

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
import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.HoldReleased;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.Topics;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/** What payment and notification services see on {@code booking.events}, driven through the HTTP API. */
class BookingEventsIntegrationTests {

	static Api api;

	static TopicRecorder<BookingEvent> events;

	static UUID SWEDISH_MASSAGE_60;

	static UUID THERAPIST;

	final Instant start = Instant.now().plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
		.plus((long) (Math.random() * 50_000) * 4, ChronoUnit.HOURS);

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		events = TopicRecorder.ofKnown(stack.kafkaBootstrapServers(), Messages::bookingEvent, Topics.EVENTS);
		SWEDISH_MASSAGE_60 = Fixtures.of(stack).service(60, 15);
		THERAPIST = Fixtures.of(stack).therapistAroundTheClock(SWEDISH_MASSAGE_60);
	}

	@AfterAll
	static void stopRecording() {
		events.close();
	}

	@Test
	void aConfirmedBookingIsAnnouncedAsHeldThenConfirmedWithDistinctEventIds() {
		UUID booking = hold(api.newCustomer());
		api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10");

		await().until(() -> eventsOf(booking).size() == 2);
		List<BookingEvent> seen = eventsOf(booking);
		assertThat(seen.get(0)).isInstanceOf(BookingHeld.class);
		assertThat(seen.get(1)).isInstanceOf(BookingConfirmed.class);
		assertThat(seen.get(0).eventId()).isNotEqualTo(seen.get(1).eventId());
		assertThat(seen.get(0).booking().status()).isEqualTo(BookingStatus.HELD);
		assertThat(seen.get(1).booking().status()).isEqualTo(BookingStatus.CONFIRMED);
		assertThat(seen.get(1).booking().start()).isEqualTo(start);
		assertThat(seen.get(1).occurredAt()).isAfterOrEqualTo(seen.get(0).occurredAt());
	}

	@Test
	void aReleasedHoldAndACancelledBookingAreEachAnnounced() {
		UUID released = hold(api.newCustomer());
		api.post("/api/v1/bookings/" + released + "/cancel", null, "Prefer", "wait=10");

		await().until(() -> eventsOf(released).size() == 2);
		assertThat(eventsOf(released).get(1)).isInstanceOf(HoldReleased.class);

		UUID cancelled = hold(api.newCustomer());
		api.post("/api/v1/bookings/" + cancelled + "/confirm", null, "Prefer", "wait=10");
		api.post("/api/v1/bookings/" + cancelled + "/cancel", null, "Prefer", "wait=10");

		await().until(() -> eventsOf(cancelled).size() == 3);
		assertThat(eventsOf(cancelled).get(2)).isInstanceOf(BookingCancelled.class);
	}

	@Test
	void aRejectedHoldIsAnnouncedAsRejectedWithItsReason() {
		hold(api.newCustomer());
		Api.Response taken = api.post("/api/v1/bookings", holdJson(api.newCustomer(), THERAPIST, SWEDISH_MASSAGE_60, start),
				"Prefer", "wait=10");
		UUID requestId = taken.uuid("requestId");

		await().until(() -> events.records().stream().anyMatch(event -> event.requestId().equals(requestId)));
		BookingEvent rejected = events.records().stream().filter(event -> event.requestId().equals(requestId))
			.findFirst().orElseThrow();
		assertThat(rejected).isInstanceOfSatisfying(BookingRejected.class,
				event -> assertThat(event.rejection().reason()).isEqualTo(RejectionReason.SLOT_TAKEN));
	}

	private UUID hold(UUID customer) {
		Api.Response held = api.post("/api/v1/bookings", holdJson(customer, THERAPIST, SWEDISH_MASSAGE_60, start),
				"Prefer", "wait=10");
		assertThat(held.status()).isEqualTo(201);
		return held.uuid("bookingId");
	}

	private List<BookingEvent> eventsOf(UUID booking) {
		return events.records().stream().filter(event -> event.booking().bookingId().equals(booking)).toList();
	}
}
