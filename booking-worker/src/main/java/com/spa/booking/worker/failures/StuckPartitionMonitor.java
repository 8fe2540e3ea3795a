package com.spa.booking.worker.failures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

/**
 * Partitions whose next command keeps failing with a transient error. It is retried without end, since skipping it
 * would lose a booking request, so this makes the wait visible: a WARN line on the first failure and every
 * {@value #WARN_EVERY_MINUTES} minute after, and the gauge {@code booking.partition.stuck} (seconds, per topic and
 * partition, 0 while the partition moves).
 */
@Component
public class StuckPartitionMonitor {

	private static final Logger log = LoggerFactory.getLogger(StuckPartitionMonitor.class);

	private static final int WARN_EVERY_MINUTES = 1;

	private final Map<TopicPartition, Stuck> stuck = new ConcurrentHashMap<>();

	private final Set<TopicPartition> gauged = ConcurrentHashMap.newKeySet();

	private final MeterRegistry meters;

	private final Clock clock;

	StuckPartitionMonitor(MeterRegistry meters, Clock clock) {
		this.meters = meters;
		this.clock = clock;
	}

	/** Since when the partition has been failing on the record at this offset, and when that was last said. */
	private record Stuck(long offset, Instant since, Instant warned) {
	}

	/** A delivery of the record failed, and it will be tried again. */
	public void failed(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		gauge(partition);
		Instant now = clock.instant();
		Stuck before = stuck.get(partition);
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		if (before == null || before.offset() != record.offset()) {
			stuck.put(partition, new Stuck(record.offset(), now, now));
			log.warn("Partition {} is stuck at offset {}: {}: {}. Retrying with back-off until it passes.", partition,
					record.offset(), cause.getClass().getName(), cause.getMessage(), failure);
		}
		else if (!now.isBefore(before.warned().plus(Duration.ofMinutes(WARN_EVERY_MINUTES)))) {
			stuck.put(partition, new Stuck(before.offset(), before.since(), now));
			log.warn("Partition {} has been stuck at offset {} for {} s ({} attempts): {}: {}", partition,
					record.offset(), Duration.between(before.since(), now).toSeconds(), attempt,
					cause.getClass().getName(), cause.getMessage());
		}
	}

	/** This consumer has the partitions now: each shows in {@code booking.partition.stuck}, at 0 while it moves. */
	public void assigned(java.util.Collection<TopicPartition> partitions) {
		partitions.forEach(this::gauge);
	}

	/** The partition moved on: its record was applied, or set aside. */
	public void passed(String topic, int partition) {
		Stuck was = stuck.remove(new TopicPartition(topic, partition));
		if (was != null) {
			log.info("Partition {}-{} moved on from offset {} after {} s", topic, partition, was.offset(),
					Duration.between(was.since(), clock.instant()).toSeconds());
		}
	}

	/** This consumer no longer has the partitions: whether they are stuck is for their new owner to say. */
	public void forget(java.util.Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			Stuck was = stuck.remove(partition);
			if (was != null) {
				log.info("Partition {} stuck at offset {} is no longer this consumer's", partition, was.offset());
			}
		}
	}

	private void gauge(TopicPartition partition) {
		if (gauged.add(partition)) {
			TimeGauge.builder("booking.partition.stuck", stuck, TimeUnit.SECONDS, all -> secondsStuck(all.get(partition)))
				.description("How long the partition's next command has been failing and retried")
				.tag("topic", partition.topic())
				.tag("partition", Integer.toString(partition.partition()))
				.register(meters);
		}
	}

	private double secondsStuck(Stuck partition) {
		return partition == null ? 0 : Duration.between(partition.since(), clock.instant()).toMillis() / 1000.0;
	}
}
