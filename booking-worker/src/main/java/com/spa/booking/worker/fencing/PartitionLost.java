package com.spa.booking.worker.fencing;

/**
 * A newer generation of the consumer group owns the partition: this consumer is a zombie and must not write. The
 * transaction rolls back; the consumer learns at its next poll that the partition is gone.
 */
public class PartitionLost extends RuntimeException {

	public PartitionLost(Ownership claimed, int owner) {
		super("Partition " + claimed.topic() + "-" + claimed.partition() + " belongs to generation " + owner
				+ ", not to this consumer's generation " + claimed.generation());
	}
}
