package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.toSql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.worker.transaction.TransactionScoped;
import com.spa.booking.worker.fencing.Ownership;
import com.spa.booking.worker.fencing.PartitionOwners;
import com.spa.booking.worker.publishing.AppliedCommand;

/**
 * The idempotency record: the result of every command applied, by request ID, with the events it made, both as
 * published. Within a transaction what is known is kept, those recorded are written in one statement before it
 * commits, and a batch asks for all its request IDs at once; a copy of a command later in the same batch is answered
 * from the record like any redelivery.
 *
 * <p>For a consumer, the statement that looks the records up is also the fencing check: it reads the partition's
 * token under a share lock held until the transaction ends ({@link PartitionOwners#TOKENS_HELD}), and a consumer that
 * lost its partition is rejected before it decides anything.
 */
@Repository
class ProcessedCommands {

	private final JdbcClient jdbc;

	private final TransactionScoped<Known> known = TransactionScoped.flushedBeforeCommit(Known::new, this::write);

	ProcessedCommands(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private static final class Known {

		/** Request ID to what was applied, or to empty if it has no record. */
		final Map<UUID, Optional<AppliedCommand>> applied = new HashMap<>();

		final List<AppliedCommand> recorded = new ArrayList<>();

		final Set<UUID> recordedHere = new HashSet<>();
	}

	/**
	 * What the request got when it was applied: as stored, events included, to be sent again; or, if it was applied in
	 * this very transaction, its result alone, for its events are on their way already.
	 */
	Optional<AppliedCommand> find(UUID requestId) {
		Known now = known.get();
		Optional<AppliedCommand> found = now.applied.computeIfAbsent(requestId, id -> jdbc
			.sql("SELECT result, events FROM processed_commands WHERE request_id = ?")
			.param(id)
			.query(ProcessedCommands::stored)
			.optional());
		return now.recordedHere.contains(requestId) ? found.map(AppliedCommand::withoutEvents) : found;
	}

	/**
	 * Looks up a whole batch's request IDs in one query, which is also the fencing check of every partition the batch
	 * writes for.
	 *
	 * @param ownerships of one topic's partitions
	 * @throws com.spa.booking.worker.fencing.PartitionLost if another consumer claimed one of them since
	 */
	void prefetch(Collection<UUID> requestIds, Collection<Ownership> ownerships) {
		Map<UUID, Optional<AppliedCommand>> applied = known.get().applied;
		UUID[] unknown = requestIds.stream().filter(id -> !applied.containsKey(id)).distinct().toArray(UUID[]::new);
		for (UUID id : unknown) {
			applied.put(id, Optional.empty());
		}
		Map<Integer, Long> tokens = new HashMap<>();
		// a row for each partition's token, and one for each record found
		jdbc.sql("SELECT o.partition, o.token, NULL AS result, NULL AS events FROM (" + PartitionOwners.TOKENS_HELD
				+ ") o UNION ALL SELECT NULL, NULL, result, events FROM processed_commands WHERE request_id = ANY(:requests)")
			.param("topic", ownerships.iterator().next().topic())
			.param("partitions", ownerships.stream().map(Ownership::partition).sorted().toArray(Integer[]::new))
			.param("requests", unknown)
			.query((rs, n) -> {
				if (rs.getString("result") == null) {
					tokens.put(rs.getInt("partition"), rs.getLong("token"));
				}
				else {
					AppliedCommand stored = stored(rs, n);
					applied.put(stored.result().requestId(), Optional.of(stored));
				}
				return null;
			})
			.list();
		ownerships.forEach(ownership -> PartitionOwners.requireOwnership(ownership, tokens.get(ownership.partition())));
	}

	/** Deletes records processed before {@code cutoff}, a batch at a time; @return how many */
	int pruneBefore(Instant cutoff, int batch) {
		return jdbc.sql("""
				DELETE FROM processed_commands WHERE request_id IN (
				    SELECT request_id FROM processed_commands WHERE processed_at < ? LIMIT ?)""")
			.params(toSql(cutoff), batch)
			.update();
	}

	void record(AppliedCommand applied) {
		Known now = known.get();
		UUID requestId = applied.result().requestId();
		now.applied.put(requestId, Optional.of(applied));
		now.recordedHere.add(requestId);
		now.recorded.add(applied);
	}

	/** The events of a record, one JSON object a line (JSON never holds a raw line break); null for none. */
	private static String jsonLines(List<String> events) {
		return events.isEmpty() ? null : String.join("\n", events);
	}

	private static AppliedCommand stored(ResultSet rs, int row) throws SQLException {
		String events = rs.getString("events");
		return AppliedCommand.stored(rs.getString("result"), events == null ? List.of() : List.of(events.split("\n")),
				null);
	}

	private void write(Known now) {
		List<AppliedCommand> records = now.recorded;
		if (records.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO processed_commands (request_id, command_type, booking_id, outcome, result, events, processed_at)
				SELECT r, t, b, o, j, e, p
				  FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]),
				              CAST(? AS text[]), CAST(CAST(? AS text[]) AS timestamptz[])) AS c(r, t, b, o, j, e, p)""")
			.params(records.stream().map(applied -> applied.result().requestId()).toArray(UUID[]::new),
					records.stream().map(applied -> applied.result().commandType()).toArray(String[]::new),
					records.stream().map(applied -> applied.result().bookingId()).toArray(UUID[]::new),
					records.stream().map(applied -> applied.result().outcome().name()).toArray(String[]::new),
					records.stream().map(AppliedCommand::resultJson).toArray(String[]::new),
					records.stream().map(applied -> jsonLines(applied.eventJsons())).toArray(String[]::new),
					records.stream().map(applied -> applied.result().processedAt().toString()).toArray(String[]::new))
			.update();
	}
}
