package com.spa.booking.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The seed guide's recipe made correct: what a careful engineer builds without a queue. In a database with the
 * worker's own schema (the same {@code bookings} table under the same three exclusion constraints), each request is
 * one transaction that locks its therapist's row ({@code SELECT ... FROM therapists WHERE id = ? FOR UPDATE}), inserts
 * the hold ({@code ON CONFLICT DO NOTHING}: a clash is a rejection, not an error), writes the request's idempotency row
 * in {@code processed_commands} and one event row in a table of the recipe's own, and commits. Clients (each with a
 * connection of its own) ask for random 60-minute holds on the hour, over 200 therapists working around the clock and
 * 30 days, uniformly or with 80 % of the requests on one therapist, as fast as they can.
 */
final class CorrectRecipe {

	static final int THERAPISTS = 200;

	static final int DAYS = 30;

	static final int CUSTOMERS = 100_000;

	enum Load {
		UNIFORM("200 therapists, uniform"), SKEWED("200 therapists, 80 % on one");

		final String label;

		Load(String label) {
			this.label = label;
		}
	}

	/**
	 * @param transactionsPerSecond every request is one committed transaction, held or rejected
	 * @param conflicts requests whose time (or customer) was taken: rejected
	 * @param overlaps pairs of active bookings of one therapist that overlap (the constraints allow none)
	 * @param profile what PostgreSQL spent its time on; null if not profiled
	 */
	record Result(Load load, int clients, long requests, long held, long conflicts, double transactionsPerSecond,
			long overlaps, StatementProfiles.Profile profile) {
	}

	private final Database database;

	private final UUID service;

	private final List<UUID> therapists;

	private final Instant firstDay = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

	private CorrectRecipe(Database database, UUID service, List<UUID> therapists) {
		this.database = database;
		this.service = service;
		this.therapists = therapists;
	}

	/** The worker's schema, a service of 60 minutes, 200 therapists around the clock, customers, the events table. */
	static CorrectRecipe prepare(Database database) {
		JdbcClient jdbc = database.jdbc();
		UUID service = UUID.randomUUID();
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Massage', 60, 0, 80)")
			.param(service).update();
		List<UUID> therapists = jdbc.sql("""
				WITH t AS (INSERT INTO therapists (id, name)
				           SELECT gen_random_uuid(), 'Therapist ' || n FROM generate_series(1, 200) n RETURNING id),
				     s AS (INSERT INTO therapist_services (therapist_id, service_id) SELECT id, :service FROM t),
				     w AS (INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
				           SELECT id, d, '00:00', '24:00' FROM t, generate_series(1, 7) d)
				SELECT id FROM t ORDER BY id""").param("service", service).query(UUID.class).list();
		jdbc.sql("""
				INSERT INTO customers (id, name, email)
				SELECT %s, 'Customer', 'correct-recipe-' || n || '@example.com' FROM generate_series(0, ? - 1) n"""
			.formatted(customerId("n"))).param(CUSTOMERS).update();
		jdbc.sql("""
				CREATE TABLE recipe_events (
				    id          bigserial PRIMARY KEY,
				    topic       text        NOT NULL,
				    message_key text        NOT NULL,
				    payload     text        NOT NULL,
				    created_at  timestamptz NOT NULL DEFAULT now())""").update();
		return new CorrectRecipe(database, service, therapists);
	}

	/** The customer with number n (an SQL expression), as the clients compute it in Java too. */
	private static String customerId(String n) {
		return "('00000002-0000-4000-8000-' || lpad(to_hex(" + n + "), 12, '0'))::uuid";
	}

	private static UUID customer(int n) {
		return UUID.fromString("00000002-0000-4000-8000-%012x".formatted(n));
	}

	/**
	 * @param profiles null for no statement profile of the run
	 */
	Result run(Load load, int clients, Duration duration, long seed, StatementProfiles profiles)
			throws InterruptedException {
		database.jdbc().sql("TRUNCATE bookings, processed_commands, recipe_events").update();
		AtomicLong requests = new AtomicLong();
		AtomicLong held = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		StatementProfiles.Window window;
		double seconds;
		try (HikariDataSource pool = database.pool(clients)) {
			window = profiles == null ? null : profiles.open(database);
			List<Thread> threads = new ArrayList<>();
			long begun = System.nanoTime();
			long end = begun + duration.toNanos();
			for (int i = 0; i < clients; i++) {
				Random random = new Random(seed + i);
				Thread client = new Thread(() -> {
					try (Connection connection = pool.getConnection()) {
						connection.setAutoCommit(false);
						Client statements = new Client(connection);
						while (System.nanoTime() < end) {
							requests.incrementAndGet();
							if (statements.hold(random, load)) {
								held.incrementAndGet();
							}
						}
					}
					catch (SQLException | RuntimeException ex) {
						failure.compareAndSet(null, ex);
					}
				}, "correct-recipe-client-" + i);
				threads.add(client);
				client.start();
			}
			for (Thread client : threads) {
				client.join();
			}
			seconds = (System.nanoTime() - begun) / 1e9;
			if (window != null) {
				window.readStatements();
			}
		}
		if (failure.get() != null) {
			throw new IllegalStateException("A client of the correct recipe failed", failure.get());
		}
		// the clients' connections are closed: their counts reach the statistics
		StatementProfiles.Profile profile = window == null ? null
				: window.finish("correct recipe: " + load.label + ", " + clients + " clients", requests.get(), 0);
		long overlaps = WorkerDrain.overlaps(database.jdbc());
		return new Result(load, clients, requests.get(), held.get(), requests.get() - held.get(),
				requests.get() / seconds, overlaps, profile);
	}

	/** One client's prepared statements on its own connection. */
	private final class Client {

		private final Connection connection;

		private final PreparedStatement lock;

		private final PreparedStatement insert;

		private final PreparedStatement outcome;

		private final PreparedStatement event;

		Client(Connection connection) throws SQLException {
			this.connection = connection;
			this.lock = connection.prepareStatement("SELECT 1 FROM therapists WHERE id = ? FOR UPDATE");
			this.insert = connection.prepareStatement("""
					INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
					                      hold_expires_at, price, currency, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, tstzrange(?, ?, '[)'), 'HELD', ?, 80.00, 'EUR', ?, ?)
					ON CONFLICT DO NOTHING""");
			this.outcome = connection.prepareStatement("""
					INSERT INTO processed_commands (request_id, command_type, booking_id, outcome, result, processed_at)
					VALUES (?, 'PlaceHold', ?, ?, CAST(? AS jsonb), ?)""");
			this.event = connection.prepareStatement(
					"INSERT INTO recipe_events (topic, message_key, payload) VALUES (?, ?, ?)");
		}

		/** One request: lock the therapist, insert the hold unless it clashes, record the outcome and an event. */
		boolean hold(Random random, Load load) throws SQLException {
			int therapistIndex = load == Load.SKEWED && random.nextInt(10) < 8 ? 0 : random.nextInt(THERAPISTS);
			UUID therapist = therapists.get(therapistIndex);
			UUID customer = customer(random.nextInt(CUSTOMERS));
			Instant start = firstDay.plus(random.nextInt(DAYS * 24), ChronoUnit.HOURS);
			OffsetDateTime starts = start.atOffset(ZoneOffset.UTC);
			OffsetDateTime ends = starts.plusMinutes(60);
			OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
			UUID request = UUID.randomUUID();
			UUID booking = UUID.randomUUID();
			try {
				lock.setObject(1, therapist);
				lock.executeQuery().close();
				insert.setObject(1, booking);
				insert.setObject(2, customer);
				insert.setObject(3, therapist);
				insert.setObject(4, service);
				insert.setObject(5, starts);
				insert.setObject(6, ends);
				insert.setObject(7, starts);
				insert.setObject(8, ends);
				insert.setObject(9, now.plusMinutes(15));
				insert.setObject(10, now);
				insert.setObject(11, now);
				boolean held = insert.executeUpdate() == 1;
				String result = held
						? "{\"requestId\":\"%s\",\"outcome\":\"SUCCEEDED\",\"bookingId\":\"%s\",\"status\":\"HELD\"}"
							.formatted(request, booking)
						: "{\"requestId\":\"%s\",\"outcome\":\"REJECTED\",\"reason\":\"SLOT_TAKEN\"}".formatted(request);
				outcome.setObject(1, request);
				if (held) {
					outcome.setObject(2, booking);
				}
				else {
					outcome.setNull(2, Types.OTHER);
				}
				outcome.setString(3, held ? "SUCCEEDED" : "REJECTED");
				outcome.setString(4, result);
				outcome.setObject(5, now);
				outcome.executeUpdate();
				event.setString(1, held ? "booking.events" : "booking.results");
				event.setString(2, held ? booking.toString() : request.toString());
				event.setString(3, held ? "{\"type\":\"BookingHeld\",\"bookingId\":\"%s\",\"therapistId\":\"%s\",\"start\":\"%s\"}"
					.formatted(booking, therapist, start) : result);
				event.executeUpdate();
				connection.commit();
				return held;
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
		}
	}
}
