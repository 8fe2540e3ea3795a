package com.spa.booking.worker.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import com.spa.booking.worker.WorkerProperties;

/**
 * Publishes outbox rows in id order and deletes them once Kafka acknowledged them. It wakes up when a transaction
 * that wrote rows commits, and polls besides, for rows left behind by a crash or written by another instance.
 *
 * <p>One relay at a time, across all worker instances, holds a PostgreSQL advisory lock while it publishes, so rows are
 * sent in the order they were written. Rows are deleted only after the broker acknowledged them; a crash in between
 * publishes them again, which consumers absorb by event ID and request ID.
 */
@Component
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** Any constant will do, as long as nothing else in the database uses it. */
	private static final long RELAY_LOCK = 0x5BA_B00C1L;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final KafkaTemplate<String, String> kafka;

	private final TransactionTemplate transaction;

	private final WorkerProperties.OutboxSettings settings;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread thread;

	OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, String> kafka, TransactionTemplate transaction,
			WorkerProperties properties) {
		this.jdbc = jdbc;
		this.kafka = kafka;
		this.transaction = transaction;
		this.settings = properties.outbox();
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
				while (publishBatch() == settings.batchSize()) {
					// a full batch: there may be more
				}
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

	/** @return how many rows were published */
	int publishBatch() {
		Integer published = transaction.execute(status -> {
			jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?)").param(RELAY_LOCK).query(Integer.class).single();
			List<Row> rows = jdbc.sql("SELECT id, topic, message_key, payload FROM outbox ORDER BY id LIMIT ?")
				.param(settings.batchSize())
				.query(Row.class)
				.list();
			if (rows.isEmpty()) {
				return 0;
			}
			CompletableFuture<?>[] sends = rows.stream()
				.map(row -> kafka.send(row.topic(), row.messageKey(), row.payload()))
				.toArray(CompletableFuture[]::new);
			kafka.flush();
			CompletableFuture.allOf(sends).orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
			Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
			jdbc.sql("DELETE FROM outbox WHERE id = ANY(?)").param(ids).update();
			return rows.size();
		});
		return published == null ? 0 : published;
	}

	record Row(long id, String topic, String messageKey, String payload) {
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
			try {
				running.join(SEND_TIMEOUT.toMillis());
				while (publishBatch() == settings.batchSize()) {
					// everything committed goes out before the producer closes
				}
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
