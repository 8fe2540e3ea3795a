package com.spa.booking.e2e.contracts;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.spa.booking.example.EventsConsumerExample;
import com.spa.booking.example.EventsConsumerExample.Charge;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.Topics;
import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.Messages;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * The consumer example integrators start from works against the real stack: each payment once, a session as one; a time
 * offered to the waitlist as one notification.
 */
class EventsConsumerExampleIntegrationTests {

	/** A day of its own, within the test stack's horizon with room for the few days the tests book after it. */
	static final Instant DAY = Instant.now().plus(120, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS)
		.plus((long) (Math.random() * (TestStack.HORIZON.toDays() - 130) / 2) * 2, ChronoUnit.DAYS);

	LocalStack stack;

	Api api;

	EventsConsumerExample example;

	final List<Charge> charges = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		example = new EventsConsumerExample(stack.kafkaBootstrapServers(), "payments-" + UUID.randomUUID());
	}

	@AfterEach
	void stop() {
		example.close();
	}

	@Test
	void aConfirmedBookingAndAConfirmedSessionAreEachChargedOnceAtTheirHeldPrice() {
		Fixtures fixtures = Fixtures.of(stack);
		UUID service = fixtures.service(60, 0);
		UUID anna = fixtures.therapistAroundTheClock(service);
		UUID ben = fixtures.therapistAroundTheClock(service);

		UUID booking = api.post("/api/v1/bookings", holdJson(api.newCustomer(), anna, service, DAY.plus(9, ChronoUnit.HOURS)),
				"Prefer", "wait=10").uuid("bookingId");
		assertThat(api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);
		Api.Response held = api.post("/api/v1/booking-sessions", "{\"customerId\":\"" + api.newCustomer() + "\",\"items\":["
				+ item(anna, service, DAY.plus(14, ChronoUnit.HOURS)) + "," + item(ben, service, DAY.plus(14, ChronoUnit.HOURS))
				+ "]}", "Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		UUID session = held.uuid("sessionId");
		assertThat(api.post("/api/v1/booking-sessions/" + session + "/confirm", null, "Prefer", "wait=10").status())
			.isEqualTo(200);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			charges.addAll(example.poll(Duration.ofMillis(200)));
			assertThat(charges).filteredOn(charge -> charge.subject().equals(booking.toString())).singleElement()
				.satisfies(charge -> assertThat(charge.amount() + " " + charge.currency()).isEqualTo("50.00 EUR"));
			assertThat(charges).filteredOn(charge -> charge.subject().equals(session.toString())).singleElement()
				.satisfies(charge -> assertThat(charge.amount() + " " + charge.currency()).isEqualTo("100.00 EUR"));
		});
	}

	@Test
	void aRedeliveredConfirmationIsNotChargedAgain() {
		Fixtures fixtures = Fixtures.of(stack);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID booking = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service,
				DAY.plus(11, ChronoUnit.HOURS)), "Prefer", "wait=10").uuid("bookingId");
		api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10");
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			charges.addAll(example.poll(Duration.ofMillis(200)));
			return charges.stream().anyMatch(charge -> charge.subject().equals(booking.toString()));
		});

		// the same record once more, headers and all, as a producer retry would deliver it; then, on the same
		// partition, another copy of the hold's event under an event ID of its own, to tell when the example has read
		// past the copy
		String marker = UUID.randomUUID().toString();
		try (var recorded = TopicRecorder.records(stack.kafkaBootstrapServers(), Topics.EVENTS);
				var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.kafkaBootstrapServers()),
						new StringSerializer(), new StringSerializer())) {
			ConsumerRecord<String, String> confirmed = eventOf(recorded, booking, "BookingConfirmed");
			ConsumerRecord<String, String> held = eventOf(recorded, booking, "BookingHeld");
			producer.send(new ProducerRecord<>(Topics.EVENTS, null, confirmed.key(), confirmed.value(), confirmed.headers()));
			var later = new ProducerRecord<>(Topics.EVENTS, null, held.key(),
					held.value().replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + marker + "\""), held.headers());
			later.headers().remove("ce_id").add("ce_id", marker.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			producer.send(later);
			producer.flush();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> {
			charges.addAll(example.poll(Duration.ofMillis(200)));
			return example.hasSeen(marker);
		});
		assertThat(charges).filteredOn(charge -> charge.subject().equals(booking.toString())).hasSize(1);
	}

	@Test
	void aTimeOfferedToTheWaitlistBecomesOneNotificationInTheSpasLocalTime() throws Exception {
		Fixtures fixtures = Fixtures.of(stack);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		Instant start = DAY.plus(15, ChronoUnit.HOURS);
		UUID booking = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, start), "Prefer",
				"wait=10").uuid("bookingId");
		assertThat(api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);
		UUID waiting = api.newCustomer();
		java.time.ZoneId zone = java.time.ZoneId.of("Europe/Berlin");
		JoinWaitlist join = JoinWaitlist.requested(waiting, service, therapist, java.time.LocalDate.ofInstant(start, zone),
				start, start, Actor.CUSTOMER, Instant.now());
		// as the gateway publishes a join: keyed by the customer
		try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.kafkaBootstrapServers()),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>(Topics.COMMANDS, join.partitionKey(), Messages.toJson(join))).get();
		}
		var jdbc = stack.worker().getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM waitlist_entries WHERE id = ?")
			.param(join.entryId()).query(Long.class).single() == 1);

		assertThat(api.post("/api/v1/bookings/" + booking + "/cancel", null, "Prefer", "wait=10").status()).isEqualTo(200);

		String localStart = java.time.LocalDateTime.ofInstant(start, zone).toLocalTime().toString();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			charges.addAll(example.poll(Duration.ofMillis(200)));
			assertThat(example.notifications()).filteredOn(notice -> notice.customerId().equals(waiting.toString()))
				.singleElement()
				.satisfies(notice -> assertThat(notice.text()).contains(" at " + localStart + ": confirm it by "));
		});
	}

	private static ConsumerRecord<String, String> eventOf(TopicRecorder<ConsumerRecord<String, String>> recorded,
			UUID booking, String type) {
		return await().until(() -> recorded.records().stream()
			.filter(record -> record.key().equals(booking.toString()) && record.value().contains("\"type\":\"" + type + "\""))
			.findFirst(), java.util.Optional::isPresent).orElseThrow();
	}

	private static String item(UUID therapist, UUID service, Instant start) {
		return "{\"therapistId\":\"" + therapist + "\",\"serviceId\":\"" + service + "\",\"start\":\"" + start + "\"}";
	}
}
