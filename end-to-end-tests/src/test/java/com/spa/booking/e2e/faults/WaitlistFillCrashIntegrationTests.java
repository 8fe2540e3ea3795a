package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.WorkerProcess;
import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.schemas.WaitlistOffered;
import com.spa.booking.testing.TopicRecorder;

/**
 * A worker killed ({@code kill -9}) in the middle of a fill (docs/waitlist.md): it has offered the freed time's first
 * part to the first entry in line and waits to offer the rest to the second, all in the cancellation's transaction.
 * The worker that takes its partitions over gets the cancellation again and fills from the start: each entry is offered
 * once, and both parts of the freed time are used. To stop the doomed worker at that very point, the test holds the
 * second entry's row locked; the worker waits there, and is killed while it waits.
 */
@Tag("faults")
class WaitlistFillCrashIntegrationTests {

	/** Kafka's least session timeout: the group notices the dead worker within seconds, not the default 45. */
	private static final String QUICK_SESSION_TIMEOUT = "--spring.kafka.consumer.properties.session.timeout.ms=6000";

	private static final ZoneId SPA = ZoneId.of("Europe/Berlin");

	@Test
	void aWorkerKilledInTheMiddleOfAFillLeavesNoEntryOfferedTwiceAndNoFreedTimeLost() throws Exception {
		Faults.repeat("worker killed in the middle of a fill", random -> {
			try (Pipeline pipeline = Pipeline.onTestStack("waitlist-crash");
					KafkaProducer<String, String> commands = new KafkaProducer<>(
							Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers()),
							new StringSerializer(), new StringSerializer())) {
				WorkerProcess doomed = pipeline.startWorkerProcess(QUICK_SESSION_TIMEOUT);
				Fixtures fixtures = pipeline.fixtures();
				UUID treatment = fixtures.service(60, 15);
				UUID longTreatment = fixtures.service(135, 15);
				UUID therapist = fixtures.therapistAroundTheClock(treatment, longTreatment);
				List<UUID> customers = fixtures.customers(3);
				LocalDate day = LocalDate.now(SPA).plusDays(3 + random.nextInt(20));
				// 10:00-12:30 (cleanup included) to be freed: room for two 75-minute offers, at 10:00 and 11:15
				PlaceHold booked = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customers.get(0),
						therapist, longTreatment, at(day, "10:00"));
				applied(pipeline, commands, booked);
				applied(pipeline, commands, new ConfirmBooking(UUID.randomUUID(), Instant.now(), booked.bookingId(),
						therapist));
				JoinWaitlist first = JoinWaitlist.requested(customers.get(1), treatment, therapist, day, at(day, "10:00"),
						at(day, "12:00"), Actor.CUSTOMER, Instant.now());
				applied(pipeline, commands, first);
				JoinWaitlist second = JoinWaitlist.requested(customers.get(2), treatment, null, day, at(day, "10:00"),
						at(day, "12:00"), Actor.CUSTOMER, Instant.now());
				applied(pipeline, commands, second);

				CancelBooking cancel = new CancelBooking(UUID.randomUUID(), Instant.now(), booked.bookingId(), therapist,
						Actor.FRONT_DESK);
				try (Connection holder = DriverManager.getConnection(pipeline.database().url(),
						pipeline.database().username(), pipeline.database().password())) {
					holder.setAutoCommit(false);
					try (PreparedStatement lock = holder
						.prepareStatement("SELECT id FROM waitlist_entries WHERE id = ? FOR UPDATE")) {
						lock.setObject(1, second.entryId());
						lock.executeQuery().close();
					}
					send(pipeline, commands, cancel);
					// the first entry offered in the cancellation's transaction, the worker waits at the second's write
					await().atMost(Duration.ofSeconds(60)).until(() -> fillWaitingAtTheSecondEntry(pipeline));
					assertThat(doomed.isAlive()).as("the doomed worker, still running:%n%s", doomed.logTail()).isTrue();
					doomed.halt();
					holder.rollback();
				}
				assertThat(status(pipeline, first)).as("nothing of the killed fill stands").isEqualTo("WAITING");

				try (TopicRecorder<SpaEvent> events = TopicRecorder.ofKnown(pipeline.bootstrapServers(), Messages::event,
						pipeline.eventsTopic())) {
					pipeline.startWorker(QUICK_SESSION_TIMEOUT);
					CommandResult cancelled = resultOf(pipeline, cancel, Duration.ofSeconds(120));

					assertThat(cancelled.outcome()).isEqualTo(Outcome.SUCCEEDED);
					assertThat(status(pipeline, first)).isEqualTo("OFFERED");
					assertThat(status(pipeline, second)).isEqualTo("OFFERED");
					for (JoinWaitlist entry : List.of(first, second)) {
						assertThat(pipeline.jdbc().sql("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?")
							.param(entry.entryId()).query(Long.class).single()).as("offers to %s", entry.entryId())
							.isEqualTo(1);
					}
					assertThat(pipeline.jdbc().sql("""
							SELECT string_agg(to_char(starts_at AT TIME ZONE ?, 'HH24:MI'), ',' ORDER BY starts_at)
							  FROM bookings WHERE waitlist_entry_id IS NOT NULL AND status = 'HELD'""")
						.param(SPA.getId()).query(String.class).single()).as("no freed time lost").isEqualTo("10:00,11:15");
					assertThat(pipeline.jdbc().sql("SELECT count(*) FROM processed_commands WHERE request_id = ?")
						.param(cancel.requestId()).query(Long.class).single()).isEqualTo(1);
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events.records())
						.filteredOn(WaitlistOffered.class::isInstance)
						.map(event -> ((WaitlistOffered) event).entry().entryId())
						.as("each offer announced once")
						.containsExactlyInAnyOrder(first.entryId(), second.entryId()));
				}
			}
		});
	}

	private static Instant at(LocalDate day, String time) {
		return day.atTime(LocalTime.parse(time)).atZone(SPA).toInstant();
	}

	/** A worker's statement waits for the lock of a waitlist entry: the fill has come to the second entry. */
	private static boolean fillWaitingAtTheSecondEntry(Pipeline pipeline) {
		return pipeline.jdbc().sql("""
				SELECT count(*) FROM pg_stat_activity
				 WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE waitlist_entries%'""")
			.query(Long.class)
			.single() > 0;
	}

	private static String status(Pipeline pipeline, JoinWaitlist entry) {
		return pipeline.jdbc().sql("SELECT status FROM waitlist_entries WHERE id = ?").param(entry.entryId())
			.query(String.class).single();
	}

	private static void send(Pipeline pipeline, KafkaProducer<String, String> producer, BookingCommand command)
			throws Exception {
		producer.send(new ProducerRecord<>(pipeline.commandsTopic(), command.partitionKey(), Messages.toJson(command)))
			.get();
	}

	private static void applied(Pipeline pipeline, KafkaProducer<String, String> producer, BookingCommand command)
			throws Exception {
		send(pipeline, producer, command);
		CommandResult result = resultOf(pipeline, command, Duration.ofSeconds(60));
		assertThat(result.outcome()).as("%s: %s", command.type(), result.rejection()).isEqualTo(Outcome.SUCCEEDED);
	}

	private static CommandResult resultOf(Pipeline pipeline, BookingCommand command, Duration within) {
		await().atMost(within).until(() -> pipeline.results().records().stream()
			.anyMatch(result -> result.requestId().equals(command.requestId())));
		return pipeline.results().records().stream()
			.filter(result -> result.requestId().equals(command.requestId()))
			.findFirst()
			.orElseThrow();
	}
}
