package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.spa.booking.testing.SharedInfrastructure;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.Topics;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerApplication;
import com.spa.booking.worker.WorkerProperties;

/**
 * Base of the worker's integration tests: one Spring context (so one consumer group member) for all of them, the
 * shared broker and database, and what a test needs to send commands and read what came out.
 * Commands go in on the topic; tests check the results and events a consumer sees and the rows in the database.
 */
@SpringBootTest(classes = WorkerApplication.class,
		properties = { "spring.config.name=worker", "booking.expiry-sweep-interval=200ms" })
@Import(StatementGate.Installed.class)
abstract class WorkerIntegrationTestSupport {

	static final UUID SERVICE_60_MIN = UUID.randomUUID();

	static TopicRecorder<CommandResult> results;

	static TopicRecorder<BookingEvent> events;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	WorkerProperties properties;

	@Autowired
	SharedSettings settings;

	final UUID therapist = UUID.randomUUID();

	final UUID customer = UUID.randomUUID();

	final Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> SharedInfrastructure.postgres().jdbcUrl());
		registry.add("spring.datasource.username", () -> SharedInfrastructure.postgres().username());
		registry.add("spring.datasource.password", () -> SharedInfrastructure.postgres().password());
		registry.add("spring.kafka.bootstrap-servers", () -> SharedInfrastructure.kafka().bootstrapServers());
	}

	@BeforeAll
	static void recordTopics(@Autowired JdbcClient jdbc) {
		String kafka = SharedInfrastructure.kafka().bootstrapServers();
		results = new TopicRecorder<>(kafka, Messages::result, Topics.RESULTS);
		events = TopicRecorder.ofKnown(kafka, Messages::bookingEvent, Topics.EVENTS);
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Massage', 60, 15, 80) ON CONFLICT DO NOTHING")
			.param(SERVICE_60_MIN)
			.update();
	}

	@AfterAll
	static void stopRecording() {
		results.close();
		events.close();
	}


	static String suffix(BookingCommand command) {
		return command.requestId().toString().replace("-", "");
	}


	void givenTherapistAndCustomer() {
		givenTherapist(therapist);
		givenCustomer();
	}

	void givenCustomer() {
		jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Test customer', ?)")
			.params(customer, customer + "@example.com")
			.update();
	}

	/** A therapist who works around the clock, every day, and does the 60-minute massage. */
	void givenTherapist(UUID id) {
		jdbc.sql("INSERT INTO therapists (id, name) VALUES (?, 'Test therapist')").param(id).update();
		jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(id, SERVICE_60_MIN).update();
		jdbc.sql("INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at) SELECT ?, d, '00:00', '24:00' FROM generate_series(1, 7) d")
			.param(id)
			.update();
	}

	PlaceHold hold(Instant start, Instant requestedAt) {
		return new PlaceHold(UUID.randomUUID(), requestedAt, UUID.randomUUID(), customer, therapist, SERVICE_60_MIN,
				start);
	}

	<C extends BookingCommand> C send(C command) {
		kafka.send(settings.topics().commands(), command.partitionKey(), Messages.toJson(command)).join();
		return command;
	}

	CommandResult resultOf(BookingCommand command) {
		await().until(() -> !resultsFor(command.requestId()).isEmpty());
		return resultsFor(command.requestId()).get(0);
	}

	List<CommandResult> resultsFor(UUID requestId) {
		return results.records().stream().filter(result -> result.requestId().equals(requestId)).toList();
	}

	List<BookingEvent> eventsFor(UUID bookingId) {
		return events.records().stream().filter(event -> event.booking().bookingId().equals(bookingId)).toList();
	}

	void assertRejectionAnnounced(CommandResult result) {
		await().untilAsserted(() -> assertThat(events.records()).filteredOn(BookingRejected.class::isInstance)
			.map(BookingRejected.class::cast)
			.filteredOn(event -> event.requestId().equals(result.requestId()))
			.singleElement()
			.satisfies(event -> assertThat(event.rejection()).isEqualTo(result.rejection())));
	}

	String statusOf(UUID bookingId) {
		return jdbc.sql("SELECT status FROM bookings WHERE id = ?").param(bookingId).query(String.class).single();
	}

	long count(String sql, Object param) {
		return jdbc.sql(sql).param(param).query(Long.class).single();
	}

	static java.time.OffsetDateTime at(Instant instant) {
		return instant.atOffset(java.time.ZoneOffset.UTC);
	}
}
