package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;

import com.spa.booking.testing.SharedInfrastructure;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.SessionItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

/**
 * Commands that can never be applied are answered FAILED once and set aside, and the partition moves on; commands
 * that fail for a while are retried until they pass, visibly, and nothing behind them is skipped. Failures are planted
 * with the {@link StatementGate} where no input of a real client could cause them.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureHandlingIntegrationTests extends WorkerIntegrationTestSupport {

	@Autowired
	StatementGate gate;

	@Autowired
	MeterRegistry meters;

	@Test
	void everyKindOfDeterministicFailureIsAnsweredFailedOnceAndSetAsideWhileTheCommandsAroundItApplyInOrder() {
		givenTherapistAndCustomer();
		// our own code throwing on a command, and a statement the database cannot run (SQLState class 42: a bug, the
		// same on every retry): planted where it locks the command's customer
		List<Supplier<RuntimeException>> plantedFailures = List.of(() -> new DateTimeException("planted"),
				() -> new ArithmeticException("planted"), () -> new IllegalArgumentException("planted"),
				() -> new NullPointerException("planted"), () -> new IllegalStateException("planted"),
				() -> new NoSuchElementException("planted"), () -> new BadSqlGrammarException("planted",
						"SELECT * FROM no_such_table", new SQLException("planted: relation does not exist", "42P01")));
		List<UUID> plantedCustomers = new ArrayList<>();
		List<StatementGate.Planted> planted = new ArrayList<>();
		for (Supplier<RuntimeException> failure : plantedFailures) {
			UUID victim = UUID.randomUUID();
			plantedCustomers.add(victim);
			planted.add(gate.failWith(statement -> statement.sql().contains("FROM customers")
					&& statement.mentions(victim), failure));
		}
		HoldSession session = new HoldSession(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, SERVICE_60_MIN, tomorrow.minus(Duration.ofHours(3)))));
		List<BookingCommand> bad = new ArrayList<>();
		plantedCustomers.forEach(victim -> bad.add(new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
				victim, therapist, SERVICE_60_MIN, tomorrow.plus(Duration.ofDays(30)))));
		// the database rejects the data: a time it cannot store (SQLState class 22) ...
		Instant farFuture = Instant.parse("+300000-01-01T00:00:00Z");
		bad.add(new PlaceHold(UUID.randomUUID(), farFuture, UUID.randomUUID(), customer, therapist, SERVICE_60_MIN,
				farFuture.plus(Duration.ofDays(1))));
		// ... and a second session under the first one's ID (class 23, a unique key)
		bad.add(new HoldSession(UUID.randomUUID(), Instant.now(), session.sessionId(), customer, therapist,
				List.of(new SessionItem(UUID.randomUUID(), therapist, SERVICE_60_MIN, tomorrow.plus(Duration.ofDays(31))))));

		List<PlaceHold> good = new ArrayList<>();
		try (var deadLetters = TopicRecorder.records(SharedInfrastructure.kafka().bootstrapServers(),
				settings.topics().commandsDeadLetter())) {
			Instant sent = Instant.now();
			send(session);
			for (int i = 0; i < bad.size(); i++) {
				PlaceHold hold = send(hold(tomorrow.plus(Duration.ofHours(2L * i)), Instant.now()));
				good.add(hold);
				send(bad.get(i));
				send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
				if (i % 2 == 1) {
					// cancelled after the confirm: CANCELLED; applied before it, it would have been RELEASED
					send(new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist));
				}
			}

			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
				for (int i = 0; i < good.size(); i++) {
					assertThat(statusOf(good.get(i).bookingId())).as("hold %d", i)
						.isEqualTo(i % 2 == 0 ? "CONFIRMED" : "CANCELLED");
				}
			});
			System.out.printf("[failures] %d good commands around %d bad ones applied in %d ms%n", good.size() * 2
					+ good.size() / 2 + 1, bad.size(), Duration.between(sent, Instant.now()).toMillis());
			for (BookingCommand command : bad) {
				CommandResult answer = resultOf(command);
				assertThat(answer.outcome()).as(command.toString()).isEqualTo(Outcome.FAILED);
				assertThat(answer.rejection().reason()).isEqualTo(RejectionReason.INVALID_COMMAND);
				assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ? AND outcome = 'FAILED'",
						command.requestId())).isOne();
			}
			assertThat(resultOf(session).outcome()).isEqualTo(Outcome.SUCCEEDED);
			// nothing of a failed command was written
			assertThat(count("SELECT count(*) FROM bookings WHERE therapist_id = ? AND starts_at > now() + interval '20 days'",
					therapist)).isZero();
			assertThat(count("SELECT count(*) FROM bookings WHERE session_id = ?", session.sessionId())).isOne();
			await().untilAsserted(() -> assertThat(deadLetters.records())
				.filteredOn(record -> therapist.toString().equals(record.key()))
				.hasSize(bad.size())
				.allSatisfy(record -> {
					assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
					assertThat(new String(record.headers().lastHeader("kafka_dlt-original-topic").value(),
							StandardCharsets.UTF_8)).isEqualTo(settings.topics().commands());
				}));
		}
		finally {
			planted.forEach(StatementGate.Planted::close);
		}
		assertThat(resultsFor(bad.get(0).requestId())).as("answered once").hasSize(1);
	}

	@Test
	void aCommandThatFailsForAWhileIsRetriedVisiblyUntilItPassesAndNothingBehindItIsSkipped(CapturedOutput output) {
		givenTherapistAndCustomer();
		int partition = partitionOf(therapist);
		PlaceHold stuck = hold(tomorrow, Instant.now());
		PlaceHold behind = hold(tomorrow.plus(Duration.ofHours(2)), Instant.now());
		Instant started = Instant.now();
		try (var outage = gate.failWith(statement -> statement.mentions(stuck.bookingId()),
				() -> new TransientDataAccessResourceException("planted: the database is away"))) {
			send(stuck);
			send(behind);

			await().atMost(Duration.ofSeconds(30)).until(() -> stuckSeconds(partition) >= 2);
			assertThat(output).contains("Partition " + settings.topics().commands() + "-" + partition
					+ " is stuck at offset").contains("planted: the database is away");
			assertThat(resultsFor(stuck.requestId())).isEmpty();
			assertThat(resultsFor(behind.requestId())).as("nothing overtakes the stuck command").isEmpty();
		}

		assertThat(resultOf(stuck).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(resultOf(behind).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(jdbc.sql("SELECT count(*) FROM processed_commands WHERE request_id = ? AND processed_at <= "
				+ "(SELECT processed_at FROM processed_commands WHERE request_id = ?)")
			.params(stuck.requestId(), behind.requestId())
			.query(Long.class)
			.single()).as("applied in order").isOne();
		await().until(() -> stuckSeconds(partition) == 0);
		System.out.printf("[failures] stuck for %d ms, then applied in order%n",
				Duration.between(started, Instant.now()).toMillis());
	}

	private double stuckSeconds(int partition) {
		TimeGauge gauge = meters.find("booking.partition.stuck")
			.tag("topic", settings.topics().commands())
			.tag("partition", Integer.toString(partition))
			.timeGauge();
		return gauge == null ? 0 : gauge.value(java.util.concurrent.TimeUnit.SECONDS);
	}

	/** The partition Kafka's default partitioner puts the therapist's commands on. */
	int partitionOf(UUID therapistId) {
		return Utils.toPositive(Utils.murmur2(therapistId.toString().getBytes(StandardCharsets.UTF_8)))
				% settings.topics().partitions();
	}
}
