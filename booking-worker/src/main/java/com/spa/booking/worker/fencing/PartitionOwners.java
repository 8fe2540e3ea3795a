package com.spa.booking.worker.fencing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Zombie fencing in the database. A consumer claims each partition it is assigned and gets a fencing token from a
 * database sequence; every transaction that applies a command first checks, under a share lock, that its token is
 * still the partition's, in the statement that looks up the idempotency records it needs anyway
 * ({@code ProcessedCommands}), so the check costs no statement of its own, whatever the number of partitions. A claim waits for a running transaction of
 * the old owner and then wins: after it, the old owner's transactions are rejected. Claims that queue for the row
 * take their tokens in the order they get it, so the last to write always has the greatest token. Tokens come only from the
 * sequence, so nothing Kafka does (a group deleted, expired or renamed, generations or member epochs that start over)
 * can make an old claim look new.
 */
@Repository
public class PartitionOwners {

	/**
	 * The partitions' tokens, as a transaction that holds them reads them (named parameters {@code topic} and
	 * {@code partitions}, an array, sorted): each partition's row is locked {@code FOR SHARE} until the transaction
	 * ends, so that no claim passes it.
	 */
	public static final String TOKENS_HELD = """
			SELECT partition, token FROM partition_owners
			 WHERE topic = :topic AND partition = ANY(:partitions) ORDER BY partition FOR SHARE""";

	private final JdbcClient jdbc;

	PartitionOwners(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the partition from whoever had it. The token is drawn once the claim holds the partition's row: the
	 * {@code DO UPDATE} waits for the row lock (behind any transaction that holds it {@code FOR SHARE}, and behind
	 * earlier claims) and only then evaluates its {@code SET}. Drawn before the wait, as the {@code VALUES} token is,
	 * two claims queued behind a transaction could write their tokens in the opposite order of drawing them, leaving
	 * the newer owner fenced and an older token in the row. The {@code VALUES} token only counts for a partition
	 * claimed for the first time, which no one can have held before.
	 *
	 * @return the new owner's token, greater than every token drawn before the claim held the row
	 */
	public Ownership claim(String topic, int partition) {
		long token = jdbc.sql("""
				INSERT INTO partition_owners (topic, partition, token) VALUES (?, ?, nextval('fencing_tokens'))
				ON CONFLICT (topic, partition) DO UPDATE SET token = nextval('fencing_tokens'), claimed_at = now()
				RETURNING token""")
			.params(topic, partition)
			.query(Long.class)
			.single();
		return new Ownership(topic, partition, token);
	}

	/**
	 * @param current the partition's token as {@link #TOKENS_HELD} read it; null if it has none
	 * @throws PartitionLost if the partition was claimed with another token since
	 */
	public static void requireOwnership(Ownership ownership, Long current) {
		if (current == null || current != ownership.token()) {
			throw new PartitionLost(ownership, current);
		}
	}
}
