package com.spa.booking.benchmark;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The recipe of the guide this product grew from ({@code ../shared/seed/double-booking-guide.md}), as it stands: an
 * {@code Appointments} table with {@code UNIQUE (therapist_id, appointment_date, start_time)}, and a transaction that
 * locks the slot with {@code SELECT ... FOR UPDATE}, inserts if nothing was found, and commits. Clients book random
 * slots of 200 therapists over 30 days as fast as they can. With treatments of one length on a grid of that length
 * it cannot double-book; with lengths of 30 to 90 minutes on a 15-minute grid it does, since neither the lock nor the
 * key sees an overlap that does not start at the same minute.
 */
final class SeedRecipe {

	static final int THERAPISTS = 200;

	static final int DAYS = 30;

	/**
	 * @param transactionsPerSecond every attempt is one transaction, committed or rolled back
	 * @param doubleBookings pairs of appointments of one therapist that overlap
	 */
	record Result(String lengths, int clients, long attempts, long booked, double transactionsPerSecond,
			long doubleBookings) {
	}

	private SeedRecipe() {
	}

	/** The guide's schema, in a database of its own. */
	static void createSchema(JdbcClient jdbc) {
		jdbc.sql("""
				CREATE TABLE therapists (therapist_id int PRIMARY KEY, name varchar(255) NOT NULL);
				CREATE TABLE customers (customer_id int PRIMARY KEY, email varchar(255) UNIQUE NOT NULL);
				CREATE TABLE appointments (
				    appointment_id serial PRIMARY KEY,
				    customer_id int NOT NULL REFERENCES customers (customer_id),
				    therapist_id int NOT NULL REFERENCES therapists (therapist_id),
				    appointment_date date NOT NULL,
				    start_time time NOT NULL,
				    end_time time NOT NULL,
				    status varchar(50) DEFAULT 'SCHEDULED',
				    created_at timestamp DEFAULT CURRENT_TIMESTAMP,
				    UNIQUE (therapist_id, appointment_date, start_time));
				INSERT INTO therapists SELECT n, 'Therapist ' || n FROM generate_series(1, 200) n;
				INSERT INTO customers SELECT n, 'customer' || n || '@example.com' FROM generate_series(1, 1000) n""")
			.update();
	}

	/** @param variable lengths of 30 to 90 minutes on a 15-minute grid; otherwise an hour on the hour */
	static Result run(DataSource dataSource, boolean variable, int clients, Duration duration, long seed)
			throws InterruptedException {
		JdbcClient.create(dataSource).sql("TRUNCATE appointments").update();
		AtomicLong attempts = new AtomicLong();
		AtomicLong booked = new AtomicLong();
		long end = System.nanoTime() + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			Random random = new Random(seed + i);
			Thread client = new Thread(() -> {
				try (Connection connection = dataSource.getConnection()) {
					connection.setAutoCommit(false);
					while (System.nanoTime() < end) {
						attempts.incrementAndGet();
						if (book(connection, random, variable)) {
							booked.incrementAndGet();
						}
					}
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}, "recipe-client-" + i);
			threads.add(client);
			client.start();
		}
		for (Thread client : threads) {
			client.join();
		}
		long doubleBookings = JdbcClient.create(dataSource).sql("""
				SELECT count(*) FROM appointments a JOIN appointments b
				    ON a.therapist_id = b.therapist_id AND a.appointment_date = b.appointment_date
				   AND a.appointment_id < b.appointment_id
				   AND a.start_time < b.end_time AND b.start_time < a.end_time""").query(Long.class).single();
		return new Result(variable ? "30-90 min" : "60 min on the hour", clients, attempts.get(), booked.get(),
				attempts.get() / (duration.toNanos() / 1e9), doubleBookings);
	}

	/** The guide's {@code createBooking}: lock the slot, insert if it was free, commit. */
	private static boolean book(Connection connection, Random random, boolean variable) throws SQLException {
		int therapist = 1 + random.nextInt(THERAPISTS);
		LocalDate date = LocalDate.of(2030, 1, 1).plusDays(random.nextInt(DAYS));
		LocalTime start;
		int minutes;
		if (variable) {
			start = LocalTime.of(9, 0).plusMinutes(15L * random.nextInt(28));
			minutes = 30 + 15 * random.nextInt(5);
		}
		else {
			start = LocalTime.of(9 + random.nextInt(8), 0);
			minutes = 60;
		}
		try {
			try (PreparedStatement lock = connection.prepareStatement("SELECT appointment_id FROM appointments "
					+ "WHERE therapist_id = ? AND appointment_date = ? AND start_time = ? FOR UPDATE")) {
				lock.setInt(1, therapist);
				lock.setDate(2, Date.valueOf(date));
				lock.setTime(3, Time.valueOf(start));
				try (ResultSet taken = lock.executeQuery()) {
					if (taken.next()) {
						connection.rollback();
						return false;
					}
				}
			}
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO appointments "
					+ "(customer_id, therapist_id, appointment_date, start_time, end_time) VALUES (?, ?, ?, ?, ?)")) {
				insert.setInt(1, 1 + random.nextInt(1000));
				insert.setInt(2, therapist);
				insert.setDate(3, Date.valueOf(date));
				insert.setTime(4, Time.valueOf(start));
				insert.setTime(5, Time.valueOf(start.plusMinutes(minutes)));
				insert.executeUpdate();
			}
			connection.commit();
			return true;
		}
		catch (SQLException ex) {
			// the unique key caught a race the lock could not see: the guide rolls back and says "taken"
			connection.rollback();
			if ("23505".equals(ex.getSQLState())) {
				return false;
			}
			throw ex;
		}
	}
}
