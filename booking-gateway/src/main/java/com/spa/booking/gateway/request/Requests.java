package com.spa.booking.gateway.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.gateway.availability.AlternativeFinder.Alternative;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;

/**
 * The gateway's requests table. The outcome is not copied here: it is read from the worker's
 * {@code command_outcomes} (the worker's read contract), which is written in the same transaction as the booking itself, so the two can never
 * disagree.
 */
@Repository
class Requests {

	private static final String SELECT = """
			SELECT r.request_id, r.caller, r.fingerprint, r.command_type, r.booking_id, r.command,
			       r.publish_failed_at IS NOT NULL AS publish_failed, p.result::text AS result,
			       r.alternatives::text AS alternatives
			  FROM gateway.requests r
			  LEFT JOIN command_outcomes p ON p.request_id = r.request_id
			""";

	private static final TypeReference<Map<UUID, List<Alternative>>> ALTERNATIVES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Requests(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<StoredRequest> find(UUID requestId) {
		return jdbc.sql(SELECT + " WHERE r.request_id = ?").param(requestId).query(this::map).optional();
	}

	Optional<StoredRequest> findByIdempotencyKey(String caller, String key) {
		return jdbc.sql(SELECT + " WHERE r.caller = ? AND r.idempotency_key = ?").params(caller, key).query(this::map)
			.optional();
	}

	/**
	 * Records requests with one statement, committed when this returns. A request whose caller has a request with its
	 * Idempotency-Key already (recorded before, or earlier in this list) is not recorded.
	 *
	 * @return the IDs of those recorded
	 */
	Set<UUID> insertAll(List<NewRequest> requests) {
		int size = requests.size();
		String[] ids = new String[size];
		String[] callers = new String[size];
		String[] keys = new String[size];
		String[] fingerprints = new String[size];
		String[] types = new String[size];
		String[] bookings = new String[size];
		String[] commands = new String[size];
		for (int i = 0; i < size; i++) {
			NewRequest request = requests.get(i);
			BookingCommand command = request.command();
			ids[i] = command.requestId().toString();
			callers[i] = request.caller();
			keys[i] = request.idempotencyKey();
			fingerprints[i] = request.fingerprint();
			types[i] = command.type();
			bookings[i] = command.bookingId() == null ? null : command.bookingId().toString();
			commands[i] = request.commandJson();
		}
		// one statement text whatever the number of rows (arrays, not a VALUES list that grows)
		return new HashSet<>(jdbc.sql("""
				INSERT INTO gateway.requests (request_id, caller, idempotency_key, fingerprint, command_type, booking_id,
				                              command)
				SELECT * FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
				                     CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS text[]))
				ON CONFLICT (caller, idempotency_key) DO NOTHING
				RETURNING request_id""")
			.params(ids, callers, keys, fingerprints, types, bookings, commands)
			.query(UUID.class)
			.list());
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

	/**
	 * Keeps what a rejection offered instead, unless an offer was kept already.
	 *
	 * @return the offer kept: this one, or the one kept before
	 */
	Map<UUID, List<Alternative>> keepAlternatives(UUID requestId, Map<UUID, List<Alternative>> offered) {
		jdbc.sql("UPDATE gateway.requests SET alternatives = CAST(? AS jsonb) WHERE request_id = ? AND alternatives IS NULL")
			.params(json.writeValueAsString(offered), requestId)
			.update();
		return jdbc.sql("SELECT alternatives::text FROM gateway.requests WHERE request_id = ?")
			.param(requestId)
			.query(String.class)
			.optional()
			.map(this::alternatives)
			.orElse(offered);
	}

	/** As offered: in the spa's local time with its offset, not adjusted to UTC. */
	private Map<UUID, List<Alternative>> alternatives(String stored) {
		return json.readerFor(ALTERNATIVES).without(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).readValue(stored);
	}

	private StoredRequest map(ResultSet rs, int row) throws SQLException {
		String result = rs.getString("result");
		String alternatives = rs.getString("alternatives");
		return new StoredRequest(rs.getObject("request_id", UUID.class), rs.getString("caller"), rs.getString("fingerprint"),
				rs.getString("command_type"), rs.getObject("booking_id", UUID.class), rs.getString("command"),
				rs.getBoolean("publish_failed"), result == null ? null : Messages.result(result),
				alternatives == null ? null : alternatives(alternatives));
	}
}
