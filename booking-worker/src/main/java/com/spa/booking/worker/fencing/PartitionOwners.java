package com.spa.booking.worker.fencing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Zombie fencing in the database. A consumer claims its partitions when they are assigned, with its group generation;
 * every transaction that applies a command first checks, under a share lock, that no newer generation has claimed the
 * partition since. A claim waits for a running transaction of the old owner and then wins: after it, the old owner's
 * writes are refused.
 */
@Repository
public class PartitionOwners {

	private final JdbcClient jdbc;

	PartitionOwners(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Never lowers the generation: a late claim of an old generation changes nothing. */
	public void claim(Ownership ownership) {
		jdbc.sql("""
				INSERT INTO partition_owners (cluster_id, topic, partition, generation) VALUES (?, ?, ?, ?)
				ON CONFLICT (cluster_id, topic, partition)
				DO UPDATE SET generation = greatest(partition_owners.generation, EXCLUDED.generation)""")
			.params(ownership.clusterId(), ownership.topic(), ownership.partition(), ownership.generation())
			.update();
	}

	/**
	 * In the caller's transaction, holding the partition's row until it ends.
	 *
	 * @throws PartitionLost if a newer generation owns the partition
	 */
	public void requireOwnership(Ownership ownership) {
		Integer owner = jdbc.sql("""
				SELECT generation FROM partition_owners WHERE cluster_id = ? AND topic = ? AND partition = ? FOR SHARE""")
			.params(ownership.clusterId(), ownership.topic(), ownership.partition())
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (owner != null && owner > ownership.generation()) {
			throw new PartitionLost(ownership, owner);
		}
		if (owner == null || owner < ownership.generation()) {
			claim(ownership);
		}
	}
}
