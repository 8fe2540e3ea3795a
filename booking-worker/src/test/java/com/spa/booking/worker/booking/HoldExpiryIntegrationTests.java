package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The expiry sweep finds every run-out hold, however many others are stuck behind a stalled partition.
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
			jdbc.sql("""
					INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
					                      hold_expires_at, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, tstzrange(?, ?), 'HELD', now() - interval '1 minute', now(), now())""")
				.params(runOutElsewhere, customer, elsewhere, SERVICE_60_MIN, at(tomorrow.minus(Duration.ofHours(3))),
						at(tomorrow.minus(Duration.ofHours(2))), at(tomorrow.minus(Duration.ofHours(3))),
						at(tomorrow.minus(Duration.ofHours(2))))
				.update();

			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> statusOf(runOutElsewhere).equals("EXPIRED"));
			assertThat(heldOf(therapist)).as("stuck behind the stalled partition").isEqualTo(STUCK_HOLDS);
		}
		Instant caughtUp = Instant.now();
		await().atMost(Duration.ofSeconds(90)).until(() -> heldOf(therapist) == 0);
		System.out.printf("[expiry] %d holds expired in %d ms once their partition moved again%n", STUCK_HOLDS,
				Duration.between(caughtUp, Instant.now()).toMillis());
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
