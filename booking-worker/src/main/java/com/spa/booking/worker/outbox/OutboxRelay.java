package com.spa.booking.worker.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.spa.booking.worker.WorkerProperties;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * Publishes outbox rows in id order and deletes them once Kafka acknowledged them; a crash in between publishes them
 * again, which consumers absorb by event ID and request ID. No database transaction is open while it waits for Kafka.
 *
 * <p>The hot path is {@link #publishSoon(int)}: the consumer that owns a command partition calls it right after each
 * commit, and one of {@code booking.outbox.publishers} threads publishes that partition's rows while the consumer goes
 * on, so results leave without waiting for a poll, and partitions are published side by side. Several commits of a
 * partition before its round begins make one round; one round at a time per partition keeps its rows in order. A booking's rows all come from the one partition that writes it, and are published in order by
 * that partition's consumer; a booking moved to a therapist of another partition takes the rows still waiting on the
 * old one along, ahead of its own.
 *
 * <p>A sweeping relay, one at a time across all worker instances (a PostgreSQL advisory lock, held on an idle
 * connection, not in a transaction), publishes what no consumer will: rows written outside a consumer (woken when they
 * commit), and rows a consumer left behind when it died (polling every {@code booking.outbox.poll-interval}, for rows
 * older than {@link #LEFT_BEHIND}).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** Any constant will do, as long as nothing else in the database uses it. */
	private static final long RELAY_LOCK = 0x5BA_B00C1L;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	/** How long stopping waits for rounds under way: a broker that is gone by then will not be back in time. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	/** A partition's row older than this was left behind by a consumer that is gone. */
	static final Duration LEFT_BEHIND = Duration.ofSeconds(10);

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final KafkaTemplate<String, String> kafka;

	private final WorkerProperties.OutboxSettings settings;

	private final URI source;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread thread;

	OutboxRelay(JdbcClient jdbc, DataSource dataSource, KafkaTemplate<String, String> kafka,
			WorkerProperties properties) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.kafka = kafka;
		this.settings = properties.outbox();
		this.source = properties.eventSource();
		this.publishers = Executors.newFixedThreadPool(settings.publishers(), runnable -> {
			Thread thread = new Thread(runnable, "outbox-publisher");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Partitions asked to be published and not yet begun, so that many commits make one round. */
	private final Map<Integer, AtomicBoolean> asked = new ConcurrentHashMap<>();

	/** One round at a time per partition, so its rows go out once each, in order. */
	private final Map<Integer, Object> rounds = new ConcurrentHashMap<>();

	private final ExecutorService publishers;

	/**
	 * Has the partition's rows published soon, by one of the publishing threads, so the consumer goes on with its next
	 * batch meanwhile.
	 */
	public void publishSoon(int partition) {
		AtomicBoolean pending = asked.computeIfAbsent(partition, p -> new AtomicBoolean());
		if (pending.compareAndSet(false, true)) {
			publishers.execute(() -> {
				pending.set(false);
				publishPartition(partition);
			});
		}
	}

	/**
	 * Publishes the partition's rows (and older ones of the same bookings, wherever they wait), in id order. A failure
	 * leaves them for the next call, or the sweeping relay.
	 */
	public void publishPartition(int partition) {
		synchronized (rounds.computeIfAbsent(partition, p -> new Object())) {
			publishRound(partition);
		}
	}

	private void publishRound(int partition) {
		try {
			List<Row> rows;
			do {
				rows = jdbc.sql("""
						SELECT %s FROM outbox
						 WHERE shard = :shard
						    OR message_key IN (SELECT message_key FROM outbox WHERE shard = :shard)
						 ORDER BY id LIMIT :limit""".formatted(Row.COLUMNS))
					.param("shard", partition)
					.param("limit", settings.batchSize())
					.query(Row.class)
					.list();
				publish(jdbc, rows);
			}
			while (rows.size() == settings.batchSize());
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish the outbox rows of partition {}; they stay for the next try", partition, ex);
		}
	}

	@TransactionalEventListener
	void on(Outbox.OutboxWritten written) {
		if (wakeUps.availablePermits() == 0) {
			wakeUps.release();
		}
	}

	private void run() {
		while (thread == Thread.currentThread()) {
			try {
				wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				wakeUps.drainPermits();
				sweep(false);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// the rows stay; the next round sends them again
				log.warn("Outbox relay could not publish; retrying in {}", settings.pollInterval(), ex);
			}
		}
	}

	/**
	 * Publishes rows no consumer will, one relay at a time across all worker instances.
	 *
	 * @param everything every row, as before the producer closes; otherwise only those of no partition and those left
	 * behind
	 * @return how many rows were published
	 */
	int sweep(boolean everything) {
		try (Connection connection = dataSource.getConnection()) {
			JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			if (!session.sql("SELECT pg_try_advisory_lock(?)").param(RELAY_LOCK).query(Boolean.class).single()) {
				return 0;
			}
			try {
				int published = 0;
				List<Row> rows;
				do {
					rows = session.sql("""
							SELECT %s FROM outbox
							 WHERE :everything OR shard IS NULL OR created_at < now() - CAST(:leftBehind AS interval)
							 ORDER BY id LIMIT :limit""".formatted(Row.COLUMNS))
						.param("everything", everything)
						.param("leftBehind", LEFT_BEHIND.toSeconds() + " seconds")
						.param("limit", settings.batchSize())
						.query(Row.class)
						.list();
					publish(session, rows);
					published += rows.size();
				}
				while (rows.size() == settings.batchSize());
				return published;
			}
			finally {
				session.sql("SELECT pg_advisory_unlock(?)").param(RELAY_LOCK).query(Boolean.class).single();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No connection for the outbox relay", ex);
		}
	}

	/** Sends the rows in order, waits for every acknowledgement, then deletes them. */
	private void publish(JdbcClient database, List<Row> rows) {
		if (rows.isEmpty()) {
			return;
		}
		CompletableFuture<?>[] sends = rows.stream()
			.map(row -> kafka.send(record(row)))
			.toArray(CompletableFuture[]::new);
		kafka.flush();
		CompletableFuture.allOf(sends).orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
		database.sql("DELETE FROM outbox WHERE id = ANY(?)").param(rows.stream().map(Row::id).toArray(Long[]::new)).update();
	}

	/**
	 * The row as a Kafka record, with its CloudEvents attributes as binary-mode headers written by the CloudEvents
	 * library (rows written before the attributes were recorded go without), and the trace context of the command
	 * that wrote it, so that its consumers continue that trace.
	 */
	private ProducerRecord<String, String> record(Row row) {
		if (row.ceId() == null) {
			return new ProducerRecord<>(row.topic(), row.messageKey(), row.payload());
		}
		CloudEvent event = CloudEventBuilder.v1()
			.withId(row.ceId())
			.withType(row.ceType())
			.withSource(source)
			.withSubject(row.ceSubject())
			.withTime(row.ceTime().atOffset(ZoneOffset.UTC))
			.withDataSchema(URI.create(row.ceDataschema()))
			.withDataContentType("application/json")
			.withData(row.payload().getBytes(StandardCharsets.UTF_8))
			.build();
		Headers headers = KafkaMessageFactory.createWriter(row.topic(), null, null, row.messageKey())
			.writeBinary(event)
			.headers();
		if (row.traceparent() != null) {
			headers.add(Outbox.TRACEPARENT, row.traceparent().getBytes(StandardCharsets.UTF_8));
		}
		return new ProducerRecord<>(row.topic(), null, row.messageKey(), row.payload(), headers);
	}

	record Row(long id, String topic, String messageKey, String payload, String ceId, String ceType, String ceSubject,
			Instant ceTime, String ceDataschema, String traceparent) {

		static final String COLUMNS = """
				id, topic, message_key, payload, ce_id, ce_type, ce_subject, ce_time, ce_dataschema, traceparent""";
	}

	@Override
	public void start() {
		thread = new Thread(this::run, "outbox-relay");
		thread.start();
	}

	/** Publishes what is left before the producer goes away. */
	@Override
	public void stop() {
		Thread running = thread;
		thread = null;
		if (running != null) {
			running.interrupt();
			publishers.shutdown();
			try {
				publishers.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				running.join(STOP_TIMEOUT.toMillis());
				sweep(true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				log.warn("Outbox rows left for the next start", ex);
			}
		}
	}

	/** Stops after the listener containers, so that what they commit while stopping is still published. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	@Override
	public boolean isRunning() {
		return thread != null;
	}
}
