package com.spa.booking.gateway.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;

/**
 * The gateway's requests table. The outcome is not copied here: it is read from the worker's
 * {@code processed_commands}, which is written in the same transaction as the booking itself, so the two can never
 * disagree.
 */
@Repository
class Requests {

	private static final String SELECT = """
			SELECT r.request_id, r.fingerprint, r.command_type, r.booking_id, r.command,
			       r.publish_failed_at IS NOT NULL AS publish_failed, p.result::text AS result
			  FROM gateway.requests r
			  LEFT JOIN processed_commands p ON p.request_id = r.request_id
			""";

	private final JdbcClient jdbc;

	Requests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StoredRequest> find(UUID requestId) {
		return jdbc.sql(SELECT + " WHERE r.request_id = ?").param(requestId).query(Requests::map).optional();
	}

	Optional<StoredRequest> findByIdempotencyKey(String key) {
		return jdbc.sql(SELECT + " WHERE r.idempotency_key = ?").param(key).query(Requests::map).optional();
	}

	/** @throws org.springframework.dao.DuplicateKeyException if the idempotency key is taken */
	void insert(BookingCommand command, String fingerprint, String idempotencyKey) {
		jdbc.sql("""
				INSERT INTO gateway.requests (request_id, idempotency_key, fingerprint, command_type, booking_id, command)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(command.requestId(), idempotencyKey, fingerprint, command.type(), command.bookingId(),
					Messages.toJson(command))
			.update();
	}

	/** @return how many requests made before {@code cutoff} were forgotten */
	int pruneBefore(java.time.Instant cutoff, int batch) {
		return jdbc.sql("""
				DELETE FROM gateway.requests WHERE request_id IN (
				    SELECT request_id FROM gateway.requests WHERE created_at < ? LIMIT ?)""")
			.params(com.spa.booking.support.SqlTimes.toSql(cutoff), batch)
			.update();
	}

	void markPublishFailed(UUID requestId, boolean failed) {
		jdbc.sql("UPDATE gateway.requests SET publish_failed_at = CASE WHEN ? THEN now() END WHERE request_id = ?")
			.params(failed, requestId)
			.update();
	}

	private static StoredRequest map(ResultSet rs, int row) throws SQLException {
		String result = rs.getString("result");
		return new StoredRequest(rs.getObject("request_id", UUID.class), rs.getString("fingerprint"),
				rs.getString("command_type"), rs.getObject("booking_id", UUID.class), rs.getString("command"),
				rs.getBoolean("publish_failed"), result == null ? null : Messages.result(result));
	}
}
