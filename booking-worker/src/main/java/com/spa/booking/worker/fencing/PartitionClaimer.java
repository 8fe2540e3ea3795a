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
	 * This consumer's claim was rejected: someone claimed the partition since. Retrying with the same token would be
	 * rejected forever, so the token is forgotten and the consumer rejoins its group. If the group still gives it the
	 * partition (the other claim was a zombie's, or an older one that got the row after this one), the partition is
	 * claimed again with a greater token: on assignment, or by the first record the consumer gets of it. If the group
	 * gave it to another consumer, the rebalance takes it away from this one before it reads another record of it.
	 * Called on the consumer's thread.
	 */
	public void fencedOut(Consumer<?, ?> consumer, Ownership lost) {
		TopicPartition partition = new TopicPartition(lost.topic(), lost.partition());
		claimed.get().remove(partition, lost);
		log.warn("Fenced out of {} (token {}); rejoining the group to claim it again if it is still this consumer's",
				partition, lost.token());
		consumer.enforceRebalance("fenced out of " + partition);
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
