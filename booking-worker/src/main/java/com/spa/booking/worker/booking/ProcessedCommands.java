package com.spa.booking.worker.booking;

import static com.spa.booking.support.SqlTimes.toSql;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;

/** The idempotency record: the result of every command applied, by request ID. */
@Repository
class ProcessedCommands {

	private final JdbcClient jdbc;

	ProcessedCommands(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<CommandResult> find(UUID requestId) {
		return jdbc.sql("SELECT result::text FROM processed_commands WHERE request_id = ?")
			.param(requestId)
			.query(String.class)
			.optional()
			.map(Messages::result);
	}

	/** Deletes records processed before {@code cutoff}, a batch at a time; @return how many */
	int pruneBefore(java.time.Instant cutoff, int batch) {
		return jdbc.sql("""
				DELETE FROM processed_commands WHERE request_id IN (
				    SELECT request_id FROM processed_commands WHERE processed_at < ? LIMIT ?)""")
			.params(toSql(cutoff), batch)
			.update();
	}

	void record(CommandResult result) {
		jdbc.sql("""
				INSERT INTO processed_commands (request_id, command_type, booking_id, outcome, result, processed_at)
				VALUES (:requestId, :type, :bookingId, :outcome, CAST(:result AS jsonb), :processedAt)""")
			.param("requestId", result.requestId())
			.param("type", result.commandType())
			.param("bookingId", result.bookingId())
			.param("outcome", result.outcome().name())
			.param("result", Messages.toJson(result))
			.param("processedAt", toSql(result.processedAt()))
			.update();
	}
}
