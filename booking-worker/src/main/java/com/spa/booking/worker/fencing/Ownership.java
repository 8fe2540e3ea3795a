package com.spa.booking.worker.fencing;

/**
 * The claim a consumer makes when it applies a record: this partition, as seen by this generation of the group.
 */
public record Ownership(String clusterId, String topic, int partition, int generation) {
}
