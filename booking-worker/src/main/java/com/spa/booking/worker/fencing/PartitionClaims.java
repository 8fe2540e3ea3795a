package com.spa.booking.worker.fencing;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Claims each partition as soon as it is assigned, so that from then on the previous owner, should it still be
 * running, can no longer write for it.
 */
@Component
public class PartitionClaims implements ConsumerAwareRebalanceListener {

	private final PartitionOwners owners;

	private final KafkaCluster cluster;

	PartitionClaims(PartitionOwners owners, KafkaCluster cluster) {
		this.owners = owners;
		this.cluster = cluster;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		int generation = consumer.groupMetadata().generationId();
		for (TopicPartition partition : partitions) {
			owners.claim(new Ownership(cluster.id(), partition.topic(), partition.partition(), generation));
		}
	}

	/** What a record of this consumer claims. */
	public Ownership ownership(Consumer<?, ?> consumer, String topic, int partition) {
		return new Ownership(cluster.id(), topic, partition, consumer.groupMetadata().generationId());
	}
}
