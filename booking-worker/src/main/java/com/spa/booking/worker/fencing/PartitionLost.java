package com.spa.booking.worker.fencing;

/**
 * Another consumer has claimed the partition since this one did: this consumer is a zombie and must not write. The
 * transaction rolls back; the consumer learns at its next poll that the partition is gone.
 */
public class PartitionLost extends RuntimeException {

	PartitionLost(Ownership claimed, Long current) {
		super("Partition " + claimed.topic() + "-" + claimed.partition() + " was claimed "
				+ (current == null ? "by nobody" : "with fencing token " + current) + "; this consumer holds token "
				+ claimed.token());
	}
}
