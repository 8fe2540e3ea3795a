package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.spa.booking.testing.MessageContract;
import com.spa.booking.testing.SharedInfrastructure;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ConfirmSession;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.Price;
import com.spa.booking.schemas.SessionConfirmed;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.schemas.Topics;

/** What results and events tell a payment or notification service, in their bodies and in their headers. */
class EventContentsIntegrationTests extends WorkerIntegrationTestSupport {

	final UUID facial = UUID.randomUUID();

	TopicRecorder<ConsumerRecord<String, String>> raw;

	TopicRecorder<SpaEvent> allEvents;

	@BeforeEach
	void recordWholeRecords() {
		String kafka = SharedInfrastructure.kafka().bootstrapServers();
		raw = TopicRecorder.records(kafka, Topics.RESULTS, Topics.EVENTS);
		allEvents = TopicRecorder.ofKnown(kafka, Messages::event, Topics.EVENTS);
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Facial', 60, 0, 95.50)")
			.param(facial)
			.update();
	}

	@AfterEach
	void stopRecordingWholeRecords() {
		raw.close();
		allEvents.close();
	}

	@Test
	void aConfirmationCarriesThePriceAsHeldTheSpasZoneAndTheLocalStart() {
		givenTherapistAndCustomer();
		qualify(therapist);
		PlaceHold hold = send(new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				facial, tomorrow));
		assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);
		jdbc.sql("UPDATE services SET price = 120 WHERE id = ?").param(facial).update();

		ConfirmBooking confirm = send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));

		assertThat(resultOf(confirm).booking().price()).isEqualTo(new Price(new BigDecimal("95.50"), "EUR"));
		await().until(() -> eventsFor(hold.bookingId()).size() == 2);
		assertThat(eventsFor(hold.bookingId()).get(1)).isInstanceOfSatisfying(BookingConfirmed.class, confirmed -> {
			assertThat(confirmed.booking().price()).isEqualTo(new Price(new BigDecimal("95.50"), "EUR"));
			assertThat(confirmed.booking().zone()).isEqualTo(settings.zone().getId());
			assertThat(confirmed.booking().localStart()).isEqualTo(LocalDateTime.ofInstant(tomorrow, settings.zone()));
		});
		assertThat(jdbc.sql("SELECT price FROM bookings WHERE id = ?").param(hold.bookingId()).query(BigDecimal.class)
			.single()).isEqualByComparingTo("95.50");
	}

	@Test
	void everyResultAndEventCarriesItsCloudEventsAttributesAsHeaders() {
		givenTherapistAndCustomer();
		PlaceHold hold = send(hold(tomorrow, Instant.now()));
		assertThat(resultOf(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);

		await().until(() -> recordsKeyed(hold.bookingId().toString()).size() == 1
				&& recordsKeyed(hold.requestId().toString()).size() == 1);

		ConsumerRecord<String, String> event = recordsKeyed(hold.bookingId().toString()).get(0);
		assertThat(header(event, "ce_type")).isEqualTo("com.spa.booking.BookingHeld.v1");
		assertThat(header(event, "ce_id")).isEqualTo(eventsFor(hold.bookingId()).get(0).eventId().toString());
		assertThat(header(event, "ce_subject")).isEqualTo(hold.bookingId().toString());
		assertThat(header(event, "ce_source")).isEqualTo(properties.eventSource().toString());
		assertThat(header(event, "ce_dataschema")).isEqualTo("urn:spa-booking:schema:BookingHeld:v1");
		assertThat(header(event, "content-type")).isEqualTo("application/json");
		ConsumerRecord<String, String> result = recordsKeyed(hold.requestId().toString()).get(0);
		assertThat(header(result, "ce_type")).isEqualTo("com.spa.booking.CommandResult.v1");
		assertThat(header(result, "ce_id")).isEqualTo(hold.requestId().toString());
		assertThat(header(result, "ce_subject")).isEqualTo(hold.bookingId().toString());
		assertThat(List.of(event, result)).allSatisfy(record -> assertThat(MessageContract.violations(record)).isEmpty());
	}

	@Test
	void aConfirmedSessionIsAnnouncedOnceWithItsItemsAndTotal() {
		UUID second = UUID.randomUUID();
		givenTherapistAndCustomer();
		givenTherapist(second);
		qualify(therapist);
		qualify(second);
		HoldSession session = send(new HoldSession(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, facial, tomorrow),
						new SessionItem(UUID.randomUUID(), second, SERVICE_60_MIN, tomorrow))));
		assertThat(resultOf(session).outcome()).isEqualTo(Outcome.SUCCEEDED);

		assertThat(resultOf(send(new ConfirmSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist))).outcome())
			.isEqualTo(Outcome.SUCCEEDED);
		// confirming what is confirmed changes nothing, and announces nothing
		ConfirmSession again = send(new ConfirmSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist));
		assertThat(resultOf(again).outcome()).isEqualTo(Outcome.SUCCEEDED);
		await().until(() -> recordsKeyed(again.requestId().toString()).size() == 1);

		assertThat(allEvents.records()).filteredOn(SessionConfirmed.class::isInstance)
			.map(SessionConfirmed.class::cast)
			.filteredOn(confirmed -> confirmed.sessionId().equals(session.sessionId()))
			.singleElement()
			.satisfies(confirmed -> {
				assertThat(confirmed.customerId()).isEqualTo(customer);
				assertThat(confirmed.items()).hasSize(2).allSatisfy(item -> assertThat(item.sessionId()).isEqualTo(session.sessionId()));
				assertThat(confirmed.total()).isEqualTo(new Price(new BigDecimal("175.50"), "EUR"));
			});
		assertThat(recordsKeyed(session.sessionId().toString())).singleElement()
			.satisfies(record -> assertThat(header(record, "ce_type")).isEqualTo("com.spa.booking.SessionConfirmed.v1"));
	}

	private void qualify(UUID therapistId) {
		jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(therapistId, facial)
			.update();
	}

	private List<ConsumerRecord<String, String>> recordsKeyed(String key) {
		return raw.records().stream().filter(record -> key.equals(record.key())).toList();
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		var header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}
}
