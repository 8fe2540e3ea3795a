package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;

/**
 * {@code GET /api/v1/booking-events}: the front desk's live feed. Each booking event comes down the stream as it is on
 * {@code booking.events}, with its event ID as the SSE id, in the order the booking went through them; the streams
 * are limited per gateway and per caller, and none keeps a stopping gateway waiting.
 */
class LiveBookingEventsIntegrationTests {

	@Test
	void theFrontDeskHearsOfAHoldItsConfirmationAndItsCancellationInTheOrderTheyHappened() {
		LocalStack stack = TestStack.get();
		Fixtures fixtures = Fixtures.of(stack);
		Api staff = new Api(stack.gatewayUrl());
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID customer = staff.newCustomer();
		Instant start = Instant.now().plus(500, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);
		try (Api.EventStream stream = staff.as(Tokens.of("front-desk")).stream("/api/v1/booking-events")) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");
			// the stream's first words: how soon to reconnect, before any event
			await().atMost(Duration.ofSeconds(5)).until(() -> stream.lines().stream().anyMatch(line -> line.startsWith("retry:")));

			UUID booking = staff.post("/api/v1/bookings", holdJson(customer, therapist, service, start), "Prefer", "wait=10")
				.uuid("bookingId");
			assertThat(staff.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);
			assertThat(staff.post("/api/v1/bookings/" + booking + "/cancel", null, "Prefer", "wait=10").status()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(10)).until(() -> ofBooking(stream, booking).size() == 3);
			List<JsonNode> events = ofBooking(stream, booking);
			assertThat(events).extracting(event -> event.path("type").asString())
				.containsExactly("BookingHeld", "BookingConfirmed", "BookingCancelled");
			assertThat(events).extracting(event -> event.path("booking").path("status").asString())
				.containsExactly("HELD", "CONFIRMED", "CANCELLED");
			// each event's ID is the line before its data: what a client's Last-Event-ID would name
			List<String> lines = stream.lines();
			for (JsonNode event : events) {
				String id = "id:" + event.path("eventId").asString();
				assertThat(lines).anyMatch(line -> line.replace("id: ", "id:").equals(id));
			}
		}
	}

	@Test
	void oneCallerHoldsAtMostItsShareOfStreamsAndAGatewayStopsAtOnceWithStreamsOpen() throws Exception {
		try (Pipeline pipeline = Pipeline.onTestStack("live-limits")) {
			ConfigurableApplicationContext gateway = pipeline.startGateway("--booking.live.max-streams=3",
					"--booking.live.max-streams-per-caller=2");
			Api desk = Pipeline.api(gateway).as(Tokens.of("front-desk"));
			// another subject: the local issuer names staff by their roles
			Api otherDesk = Pipeline.api(gateway).as(Tokens.of("front-desk admin"));
			List<Api.EventStream> open = new ArrayList<>();
			try {
				open.add(desk.stream("/api/v1/booking-events"));
				open.add(desk.stream("/api/v1/booking-events"));
				try (Api.EventStream third = desk.stream("/api/v1/booking-events")) {
					assertThat(third.status()).as("a caller's third").isEqualTo(503);
					assertThat(third.contentType()).contains("application/problem+json");
				}
				open.add(otherDesk.stream("/api/v1/booking-events"));
				try (Api.EventStream fourth = otherDesk.stream("/api/v1/booking-events")) {
					assertThat(fourth.status()).as("one more than the gateway's").isEqualTo(503);
				}
				assertThat(open).extracting(Api.EventStream::status).containsOnly(200);

				// graceful shutdown waits for open requests (30 s); streams are ended first, so it need not
				long stopping = System.nanoTime();
				gateway.close();
				assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
			}
			finally {
				open.forEach(Api.EventStream::close);
			}
		}
	}

	private static List<JsonNode> ofBooking(Api.EventStream stream, UUID booking) {
		return stream.events().stream().filter(event -> event.path("booking").path("bookingId").asString().equals(booking.toString()))
			.toList();
	}
}
