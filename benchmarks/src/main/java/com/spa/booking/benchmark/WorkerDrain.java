package com.spa.booking.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jdk.jfr.Recording;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.zaxxer.hikari.HikariDataSource;

import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;
import com.spa.booking.local.LocalStack;
import com.spa.booking.worker.WorkerApplication;

/**
 * The worker draining commands that wait for it on the topic: N {@code PlaceHold}s with valid customers, therapists
 * and times are produced first, then a worker starts. The clock starts when every consumer of the worker has its
 * partitions, and is read from outside the worker: every outcome recorded is the last {@code processed_at} once
 * {@code processed_commands} holds a row per command (counted on one pooled connection, every 100 ms); every result
 * published is the broker's append time of the last result once the results topic's end offsets reach the number of
 * commands (polled every 100 ms). During the drain PostgreSQL counts every statement ({@link StatementProfiles}).
 * Afterwards the worker's count of batches that failed and were applied again one command at a time is read: a
 * batched drain with any such fallback is a failed benchmark.
 */
final class WorkerDrain {

	static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

	enum Spa {
		DEMO("the demo spa"), UNIFORM("200 therapists, uniform"), SKEWED("200 therapists, 80 % on one");

		final String label;

		Spa(String label) {
			this.label = label;
		}
	}

	/**
	 * @param appliedPerSecond commands with their outcome recorded, per second
	 * @param publishedPerSecond the same, counted until every result was on the results topic
	 * @param results results read from the results topic: one per command, and one more for each copy of a command
	 * delivered again (after a rebalance), which is answered again from its idempotency record
	 * @param answered commands with a result on the topic
	 * @param fallbacks batches that failed and were applied again one command at a time
	 * @param profile what PostgreSQL spent its time on; null without pg_stat_statements
	 */
	record Result(Spa spa, String mode, int commands, long held, long rejected, double appliedPerSecond,
			double publishedPerSecond, long overlaps, long results, long answered, long fallbacks,
			StatementProfiles.Profile profile) {

		boolean batched() {
			return mode.equals(BATCHED);
		}
	}

	static final String BATCHED = "batched";

	static final String ONE_AT_A_TIME = "one at a time";

	private WorkerDrain() {
	}

	/**
	 * @param recording where to write a JFR recording of the drain; null for none
	 * @param workerArguments what makes the mode: extra properties for the worker
	 */
	static Result run(Postgres server, Kafka kafka, StatementProfiles profiles, Spa spa, String mode, int commands,
			long seed, Path recording, String... workerArguments) throws Exception {
		try (Database database = Database.withBookingSchema(server, "drain");
				Apps apps = Apps.on(database, kafka, "bench-drain")) {
			JdbcClient jdbc = database.jdbc();
			List<Hold> holds = holds(database, spa, commands, new Random(seed));
			produce(kafka, apps.commandsTopic(), holds);
			// a batch that falls back says why (at DEBUG, by the worker's CommandBatchApplier of today; a logger of another
			// name is simply not raised)
			String[] arguments = apps.arguments(Stream.concat(Stream.of("--booking.expiry-sweep-interval=1h",
					"--logging.level.com.spa.booking.worker.booking.CommandBatchApplier=DEBUG"), Stream.of(workerArguments))
				.toArray(String[]::new));
			// reset just before the worker starts, so that its first batch is in the profile (and its start-up too)
			StatementProfiles.Window window = profiles.open(database);
			long ownTransactions = 0;
			Instant started;
			Instant recorded;
			Apps.Published published;
			long fallbacks;
			try (HikariDataSource poll = database.pool(1)) {
				JdbcClient polled = JdbcClient.create(poll);
				try (ConfigurableApplicationContext worker = WorkerApplication.application().run(arguments)) {
					Apps.awaitAssigned(worker);
					started = Instant.now();
					Recording profile = recording == null ? null : startRecording();
					long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
					while (true) {
						ownTransactions++;
						long count = polled.sql("SELECT count(*) AS " + StatementProfiles.OWN + " FROM processed_commands")
							.query(Long.class).single();
						if (count >= commands) {
							break;
						}
						if (System.nanoTime() > deadline) {
							throw new IllegalStateException("Only " + count + " of " + commands
									+ " commands recorded after 15 minutes");
						}
						Thread.sleep(100);
					}
					ownTransactions++;
					recorded = polled.sql("SELECT max(processed_at) AS " + StatementProfiles.OWN + " FROM processed_commands")
						.query(Instant.class).single();
					published = apps.awaitPublished(commands, Duration.ofMinutes(5));
					window.readStatements();
					if (profile != null) {
						profile.stop();
						Files.createDirectories(recording.getParent());
						profile.dump(recording);
						profile.close();
					}
					fallbacks = Apps.fallbacks(worker);
				}
			}
			StatementProfiles.Profile statements = window.finish("worker drain: " + spa.label + ", " + mode, commands,
					ownTransactions);
			long held = jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single();
			long overlaps = overlaps(jdbc);
			return new Result(spa, mode, commands, held, commands - held, commands / seconds(started, recorded),
					commands / seconds(started, published.at()), overlaps, published.results(), published.answered(), fallbacks, statements);
		}
	}

	/** Pairs of active bookings of one therapist whose times overlap: the exclusion constraint allows none. */
	static long overlaps(JdbcClient jdbc) {
		return jdbc.sql("""
				SELECT count(*) FROM bookings a JOIN bookings b
				    ON a.therapist_id = b.therapist_id AND a.id < b.id AND a.during && b.during
				 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')""")
			.query(Long.class).single();
	}

	/** Valid holds for the spa, each by a customer of its own, at starts inside the therapists' working hours. */
	private static List<Hold> holds(Database database, Spa spa, int commands, Random random) {
		JdbcClient jdbc = database.jdbc();
		if (spa == Spa.DEMO) {
			new ResourceDatabasePopulator(new ClassPathResource(LocalStack.DEMO_DATA)).execute(database.dataSource());
		}
		else {
			UUID massage = UUID.randomUUID();
			jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Massage', 60, 0, 80)")
				.param(massage).update();
			jdbc.sql("""
					WITH t AS (INSERT INTO therapists (id, name)
					           SELECT gen_random_uuid(), 'Therapist ' || n FROM generate_series(1, 200) n RETURNING id),
					     s AS (INSERT INTO therapist_services (therapist_id, service_id) SELECT id, ? FROM t)
					INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
					SELECT id, d, '00:00', '24:00' FROM t, generate_series(1, 7) d""").param(massage).update();
		}
		List<UUID> customers = jdbc.sql("""
				INSERT INTO customers (id, name, email)
				SELECT gen_random_uuid(), 'Customer', gen_random_uuid() || '@example.com' FROM generate_series(1, ?)
				RETURNING id""").param(commands).query(UUID.class).list();
		List<Shift> shifts = jdbc.sql("""
				SELECT t.therapist_id, t.service_id, s.duration_minutes + s.buffer_minutes AS minutes, w.day_of_week,
				       w.starts_at, w.ends_at
				  FROM therapist_services t JOIN services s ON s.id = t.service_id
				  JOIN working_hours w ON w.therapist_id = t.therapist_id
				 ORDER BY t.therapist_id, t.service_id, w.day_of_week, w.starts_at""")
			.query((rs, n) -> new Shift(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
					DayOfWeek.of(rs.getInt(4)), rs.getObject(5, LocalTime.class), rs.getObject(6, LocalTime.class)))
			.list();
		UUID favourite = shifts.get(0).therapist();
		List<Shift> favourites = shifts.stream().filter(shift -> shift.therapist().equals(favourite)).toList();
		Instant now = Instant.now();
		List<Hold> holds = new ArrayList<>(commands);
		for (int i = 0; i < commands; i++) {
			List<Shift> from = spa == Spa.SKEWED && random.nextInt(10) < 8 ? favourites : shifts;
			Shift shift = from.get(random.nextInt(from.size()));
			holds.add(new Hold(UUID.randomUUID(), now, UUID.randomUUID(), customers.get(i), shift.therapist(),
					shift.service(), shift.randomStart(random)));
		}
		return holds;
	}

	/**
	 * A {@code PlaceHold} command as the released contract has it ({@code schemas/released/v1/PlaceHold.schema.json}),
	 * written here rather than with the schemas module's classes, which may change: keyed by its therapist.
	 */
	record Hold(UUID requestId, Instant requestedAt, UUID bookingId, UUID customerId, UUID therapistId,
			UUID serviceId, Instant start) {

		String key() {
			return therapistId.toString();
		}

		String json() {
			return """
					{"type":"PlaceHold","requestId":"%s","requestedAt":"%s","bookingId":"%s","customerId":"%s",\
					"therapistId":"%s","serviceId":"%s","start":"%s"}""".formatted(requestId, requestedAt, bookingId,
					customerId, therapistId, serviceId, start);
		}
	}

	/** A working interval of a therapist for a service they perform. */
	private record Shift(UUID therapist, UUID service, int minutes, DayOfWeek day, LocalTime from, LocalTime until) {

		/** A start on the 15-minute grid, on one of the next 300 days that fall on this weekday, that fits. */
		Instant randomStart(Random random) {
			LocalDate date = LocalDate.now(ZONE).plusDays(1 + random.nextInt(300));
			date = date.plusDays((day.getValue() - date.getDayOfWeek().getValue() + 7) % 7);
			int first = from.toSecondOfDay() / 900;
			int lastEnd = until.equals(LocalTime.MIDNIGHT) ? 96 : until.toSecondOfDay() / 900;
			int starts = Math.max(1, lastEnd - minutes / 15 - first + 1);
			return date.atStartOfDay(ZONE).plusMinutes(15L * (first + random.nextInt(starts))).toInstant();
		}
	}

	private static void produce(Kafka kafka, String topic, List<Hold> holds) throws Exception {
		// in order without the idempotent producer, which the embedded broker has been seen to wedge under this load;
		// a copy of a command would be answered from its idempotency record anyway
		try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
				ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new StringSerializer(),
				new StringSerializer())) {
			for (Hold hold : holds) {
				producer.send(new ProducerRecord<>(topic, hold.key(), hold.json()));
			}
			producer.flush();
		}
	}

	/** CPU samples every 10 ms, and every socket read and lock wait of a millisecond or more. */
	private static Recording startRecording() throws java.io.IOException, java.text.ParseException {
		Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
		recording.enable("jdk.SocketRead").withThreshold(Duration.ofMillis(1));
		recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1));
		recording.start();
		return recording;
	}

	private static double seconds(Instant from, Instant to) {
		return Math.max(1, Duration.between(from, to).toNanos()) / 1e9;
	}
}
