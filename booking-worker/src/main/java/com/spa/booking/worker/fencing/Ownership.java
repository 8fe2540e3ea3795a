package com.spa.booking.worker.fencing;

/**
 * The claim a consumer makes when it applies a record: this partition, with the fencing token the database issued it
 * when the partition was assigned to it.
 */
public record Ownership(String topic, int partition, long token) {
}
