package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.toSql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.batch.TransactionScoped;

/**
 * The idempotency record: the result of every command applied, by request ID. Within a transaction what is known is
 * kept, those recorded are written in one statement before it commits, and a batch asks for all its request IDs at
 * once; a copy of a command later in the same batch is answered from the record like any redelivery.
 */
@Repository
class ProcessedCommands {

	private final JdbcClient jdbc;

	/** Request ID to its result, or to empty if it has none; and the results recorded in this transaction. */
	private final TransactionScoped<Known> known = TransactionScoped.flushedBeforeCommit(Known::new, this::write);

	ProcessedCommands(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private static final class Known {

		final Map<UUID, Optional<CommandResult>> results = new HashMap<>();

		final List<CommandResult> recorded = new ArrayList<>();
	}

	Optional<CommandResult> find(UUID requestId) {
		return known.get().results.computeIfAbsent(requestId, id -> jdbc
			.sql("SELECT result::text FROM processed_commands WHERE request_id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.map(Messages::result));
	}

	/** Looks up a whole batch's request IDs in one query. */
	void prefetch(Collection<UUID> requestIds) {
		Map<UUID, Optional<CommandResult>> results = known.get().results;
		List<UUID> unknown = requestIds.stream().filter(id -> !results.containsKey(id)).distinct().toList();
		if (unknown.isEmpty()) {
			return;
		}
		unknown.forEach(id -> results.put(id, Optional.empty()));
		jdbc.sql("SELECT result::text FROM processed_commands WHERE request_id = ANY(?)")
			.param(unknown.toArray(UUID[]::new))
			.query(String.class)
			.list()
			.stream()
			.map(Messages::result)
			.forEach(result -> results.put(result.requestId(), Optional.of(result)));
	}

	/** Deletes records processed before {@code cutoff}, a batch at a time; @return how many */
	int pruneBefore(Instant cutoff, int batch) {
		return jdbc.sql("""
				DELETE FROM processed_commands WHERE request_id IN (
				    SELECT request_id FROM processed_commands WHERE processed_at < ? LIMIT ?)""")
			.params(toSql(cutoff), batch)
			.update();
	}

	void record(CommandResult result) {
		Known now = known.get();
		now.results.put(result.requestId(), Optional.of(result));
		now.recorded.add(result);
	}

	private void write(Known now) {
		List<CommandResult> results = now.recorded;
		if (results.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO processed_commands (request_id, command_type, booking_id, outcome, result, processed_at)
				SELECT r, t, b, o, CAST(j AS jsonb), p
				  FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]),
				              CAST(CAST(? AS text[]) AS timestamptz[])) AS c(r, t, b, o, j, p)""")
			.params(results.stream().map(CommandResult::requestId).toArray(UUID[]::new),
					results.stream().map(CommandResult::commandType).toArray(String[]::new),
					results.stream().map(CommandResult::bookingId).toArray(UUID[]::new),
					results.stream().map(result -> result.outcome().name()).toArray(String[]::new),
					results.stream().map(Messages::toJson).toArray(String[]::new),
					results.stream().map(result -> result.processedAt().toString()).toArray(String[]::new))
			.update();
	}
}
