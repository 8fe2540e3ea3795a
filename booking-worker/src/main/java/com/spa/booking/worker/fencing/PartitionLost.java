package com.spa.booking.worker.fencing;

/**
 * Another consumer has claimed the partition since this one did: this consumer must not write with that claim. The
 * transaction rolls back. Either the consumer is a zombie, and learns at its next poll that the partition is gone, or
 * the group still gives it the partition and it claims it again ({@link PartitionClaimer#fencedOut}).
 */
public class PartitionLost extends RuntimeException {

	private final transient Ownership claimed;

	PartitionLost(Ownership claimed, Long current) {
		super("Partition " + claimed.topic() + "-" + claimed.partition() + " was claimed "
				+ (current == null ? "by nobody" : "with fencing token " + current) + "; this consumer holds token "
				+ claimed.token());
		this.claimed = claimed;
	}

	/** The claim that no longer holds. */
	public Ownership claimed() {
		return claimed;
	}
}
