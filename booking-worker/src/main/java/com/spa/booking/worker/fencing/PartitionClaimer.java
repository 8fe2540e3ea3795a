package com.spa.booking.worker.fencing;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Claims each partition as soon as it is assigned, so that from then on the previous owner, should it still be
 * running, can no longer write for it. Each consumer keeps the tokens of its own partitions: the rebalance callbacks
 * and the records of a consumer run on that consumer's thread, and a paused consumer that lost a partition still
 * holds the old token, which the database then rejects.
 */
@Component
public class PartitionClaimer implements ConsumerAwareRebalanceListener {

	private static final Logger log = LoggerFactory.getLogger(PartitionClaimer.class);

	private final PartitionOwners owners;

	private final ThreadLocal<Map<TopicPartition, Ownership>> claimed = ThreadLocal.withInitial(HashMap::new);

	PartitionClaimer(PartitionOwners owners) {
		this.owners = owners;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		Map<TopicPartition, Ownership> mine = claimed.get();
		for (TopicPartition partition : partitions) {
			mine.remove(partition);
			try {
				mine.put(partition, owners.claim(partition.topic(), partition.partition()));
			}
			catch (RuntimeException ex) {
				// the database may be away during a rebalance; the first record of the partition claims it then
				log.warn("Could not claim {} on assignment; its first record will: {}", partition, ex.toString());
			}
		}
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		partitions.forEach(claimed.get()::remove);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		partitions.forEach(claimed.get()::remove);
	}

	/**
	 * What a record of this consumer's partition claims: the token it got on assignment, or, if that claim could not
	 * be made then, one claimed now (in a transaction of its own, so that the claim stands whatever becomes of the
	 * record's).
	 */
	public Ownership ownership(String topic, int partition) {
		return claimed.get().computeIfAbsent(new TopicPartition(topic, partition),
				assigned -> owners.claim(assigned.topic(), assigned.partition()));
	}
}
