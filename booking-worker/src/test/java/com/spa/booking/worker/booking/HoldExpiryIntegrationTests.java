package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.expiry.HoldExpiryTimer;

/**
 * The expiry sweep finds every run-out hold, however many others are stuck behind a stalled partition, and a hold
 * asked about too early is expired by a later sweep.
 */
class HoldExpiryIntegrationTests extends WorkerIntegrationTestSupport {

	/** More than the sweep reads in one page. */
	static final int STUCK_HOLDS = 1_100;

	@Autowired
	StatementGate gate;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void holdsStuckBehindAStalledPartitionDoNotKeepOthersFromExpiring() {
		givenTherapistAndCustomer();
		// on a partition of another consumer: a consumer retrying one partition's command holds up its other ones
		Set<Integer> sameConsumer = partitionsOfTheConsumerOf(partitionOf(therapist));
		UUID elsewhere = UUID.randomUUID();
		while (sameConsumer.contains(partitionOf(elsewhere))) {
			elsewhere = UUID.randomUUID();
		}
		givenTherapist(elsewhere);
		int stalled = partitionOf(therapist);
		UUID runOutElsewhere = UUID.randomUUID();

		try (var outage = gate.failWith(at -> at.sql().contains("FROM partition_owners") && at.mentions(stalled),
				() -> new TransientDataAccessResourceException("planted: partition " + stalled + " stalled"))) {
			// the oldest run-out holds of all, on the stalled partition
			jdbc.sql("""
					INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
					                      hold_expires_at, created_at, updated_at)
					SELECT gen_random_uuid(), :customer, :therapist, :service, :day + n * interval '2 hours',
					       :day + n * interval '2 hours' + interval '1 hour',
					       tstzrange(:day + n * interval '2 hours', :day + n * interval '2 hours' + interval '1 hour'),
					       'HELD', now() - interval '1 hour' - n * interval '1 second', now(), now()
					  FROM generate_series(1, :count) n""")
				.param("customer", customer)
				.param("therapist", therapist)
				.param("service", SERVICE_60_MIN)
				.param("day", at(tomorrow))
				.param("count", STUCK_HOLDS)
				.update();
			// the newest, on another partition
			givenHold(runOutElsewhere, elsewhere, tomorrow.minus(Duration.ofHours(3)), Instant.now().minusSeconds(60));

			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> statusOf(runOutElsewhere).equals("EXPIRED"));
			assertThat(heldOf(therapist)).as("stuck behind the stalled partition").isEqualTo(STUCK_HOLDS);
		}
		Instant caughtUp = Instant.now();
		await().atMost(Duration.ofSeconds(90)).until(() -> heldOf(therapist) == 0);
		System.out.printf("[expiry] %d holds expired in %d ms once their partition moved again%n", STUCK_HOLDS,
				Duration.between(caughtUp, Instant.now()).toMillis());
	}

	/**
	 * Before, a sweep whose clock read less than a microsecond before a hold's expiry plus grace found the hold (the
	 * driver rounded its instant up), and its {@code ExpireHold} was answered {@code HOLD_STILL_VALID}; every later
	 * sweep asks under the same request ID, and was answered from that record for the 30 days records are kept.
	 */
	@Test
	void aHoldStillValidAtOneSweepIsExpiredByALaterOne(@Autowired Bookings bookings) {
		givenTherapistAndCustomer();
		// an hour ahead: the worker's own sweep leaves it alone
		Instant expiresAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
		Instant graceOver = expiresAt.plus(settings.holdGrace());
		UUID hold = UUID.randomUUID();
		givenHold(hold, therapist, tomorrow, expiresAt);

		assertThat(sweepAt(bookings, graceOver.minusNanos(400))).as("asked at expiry plus grace less 400 ns")
			.noneMatch(asked -> asked.bookingId().equals(hold));
		// asked that early all the same (a sweep of a worker whose clock is behind): not yet
		ExpireHold early = send(new ExpireHold(HoldExpiryTimer.expiryRequestId("ExpireHold", hold),
				graceOver.minusNanos(400), hold, therapist));
		assertThat(resultOf(early).rejection().reason()).isEqualTo(RejectionReason.HOLD_STILL_VALID);

		ExpireHold later = sweepAt(bookings, graceOver).stream()
			.filter(asked -> asked.bookingId().equals(hold))
			.findFirst()
			.orElseThrow();
		assertThat(later.requestId()).isEqualTo(early.requestId());
		send(later);

		await().until(() -> statusOf(hold).equals("EXPIRED"));
		await().untilAsserted(() -> assertThat(resultsFor(later.requestId())).extracting(CommandResult::outcome)
			.containsExactly(Outcome.REJECTED, Outcome.SUCCEEDED));
		await().untilAsserted(() -> assertThat(eventsFor(hold)).singleElement().isInstanceOf(HoldExpired.class));
	}

	/** What a sweep whose clock reads {@code now} asks for; it is not sent. */
	private List<ExpireHold> sweepAt(Bookings bookings, Instant now) {
		@SuppressWarnings("unchecked")
		KafkaTemplate<String, String> sent = mock(KafkaTemplate.class);
		when(sent.send(anyString(), any(), anyString())).thenReturn(CompletableFuture.completedFuture(null));
		new HoldExpiryTimer(bookings, sent, settings, Clock.fixed(now, ZoneOffset.UTC), new SimpleMeterRegistry())
			.requestExpiryOfRunOutHolds();
		ArgumentCaptor<String> commands = ArgumentCaptor.forClass(String.class);
		verify(sent, atLeast(0)).send(anyString(), any(), commands.capture());
		return commands.getAllValues().stream().map(Messages::command)
			.flatMap(command -> command instanceof ExpireHold expire ? Stream.of(expire) : Stream.empty())
			.toList();
	}

	/** A hold written as the worker writes it, with an expiry of the test's choice. */
	private void givenHold(UUID id, UUID therapistId, Instant start, Instant expiresAt) {
		Instant end = start.plus(Duration.ofHours(1));
		jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, tstzrange(?, ?), 'HELD', ?, now(), now())""")
			.params(id, customer, therapistId, SERVICE_60_MIN, at(start), at(end), at(start), at(end), at(expiresAt))
			.update();
	}

	private Set<Integer> partitionsOfTheConsumerOf(int partition) {
		ConcurrentMessageListenerContainer<?, ?> worker = (ConcurrentMessageListenerContainer<?, ?>) listeners
			.getListenerContainer("booking-worker");
		return worker.getContainers()
			.stream()
			.map(consumer -> consumer.getAssignedPartitions().stream().map(TopicPartition::partition)
				.collect(Collectors.toSet()))
			.filter(partitions -> partitions.contains(partition))
			.findFirst()
			.orElseThrow();
	}

	private long heldOf(UUID therapistId) {
		return count("SELECT count(*) FROM bookings WHERE therapist_id = ? AND status = 'HELD'", therapistId);
	}

	private int partitionOf(UUID therapistId) {
		return Utils.toPositive(Utils.murmur2(therapistId.toString().getBytes(StandardCharsets.UTF_8)))
				% settings.topics().partitions();
	}
}
