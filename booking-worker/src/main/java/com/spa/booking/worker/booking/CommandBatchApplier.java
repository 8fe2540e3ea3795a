package com.spa.booking.worker.booking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.propagation.Propagator;

import com.spa.booking.worker.failures.StuckPartitionMonitor;
import com.spa.booking.worker.fencing.Ownership;
import com.spa.booking.worker.fencing.PartitionClaimer;
import com.spa.booking.worker.publishing.AppliedCommand;
import com.spa.booking.worker.publishing.MessagePublisher;
import com.spa.booking.worker.publishing.MessagesNotPublished;

/**
 * Applies a poll's records in one transaction, each partition's in log order, and publishes what it decided once it
 * committed. Returns only once Kafka acknowledged all of it: the container commits the offsets after that, so a command
 * whose messages may not have reached Kafka is always delivered again (and answered from its idempotency record, its
 * messages sent again). One transaction for the whole poll, whichever partitions its records come from: a busy worker
 * gets a record or two of each of many partitions per poll, and pays the transaction's few statements once, not once
 * per partition.
 *
 * <p>If the transaction fails, the records are applied once more one at a time, each in a transaction of its own, up
 * to the one that fails: those before it are applied and published, and that one is handed to the error handler,
 * which retries it or sets it aside ({@code BatchListenerFailedException}), and the records after it come again. So
 * one bad command costs its poll a second pass, and affects no other command's outcome. If Kafka does not take the
 * messages, the error handler is handed the poll's first record: everything from there is delivered again, with
 * back-off.
 */
@Component
class CommandBatchApplier {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandBatchApplier.class);

	private final CommandApplier applier;

	private final PartitionClaimer claims;

	private final StuckPartitionMonitor stuck;

	private final MessagePublisher publisher;

	/** The headers that carry a trace context. */
	private final List<String> traceFields;

	/** Poll batches applied again one command at a time. */
	private final Counter fallbacks;

	CommandBatchApplier(CommandApplier applier, PartitionClaimer claims, StuckPartitionMonitor stuck,
			MessagePublisher publisher, MeterRegistry meters, Propagator propagator) {
		this.traceFields = propagator.fields();
		this.fallbacks = Counter.builder("booking.batch.fallbacks")
			.description("Poll batches that failed and were applied again one command at a time")
			.register(meters);
		this.applier = applier;
		this.claims = claims;
		this.stuck = stuck;
		this.publisher = publisher;
	}

	void apply(List<ConsumerRecord<String, String>> records) {
		if (records.isEmpty()) {
			return;
		}
		ConsumerRecord<String, String> first = records.get(0);
		Map<Integer, Ownership> ownerships = new LinkedHashMap<>();
		for (ConsumerRecord<String, String> record : records) {
			ownerships.computeIfAbsent(record.partition(), partition -> claims.ownership(record.topic(), partition));
		}
		List<AppliedCommand> applied;
		try {
			applied = applier.applyBatch(records.stream().map(this::received).toList(), ownerships.values());
		}
		catch (RuntimeException batchFailed) {
			// expected now and then (a command that fails, a row the batch could not see); all the time, it is a bug
			fallbacks.increment();
			log.debug("A batch of {} commands from {} failed; applying them one at a time", records.size(),
					first.topic(), batchFailed);
			applyOneAtATime(records, ownerships);
			passed(ownerships);
			return;
		}
		awaitAcknowledged(List.of(send(applied, first)), first);
		passed(ownerships);
	}

	/** The partitions moved on: none of them is stuck any more. */
	private void passed(Map<Integer, Ownership> ownerships) {
		ownerships.values().forEach(ownership -> stuck.passed(ownership.topic(), ownership.partition()));
	}

	private void applyOneAtATime(List<ConsumerRecord<String, String>> records, Map<Integer, Ownership> ownerships) {
		List<MessagePublisher.Sending> sent = new ArrayList<>();
		for (ConsumerRecord<String, String> record : records) {
			List<AppliedCommand> applied;
			try {
				applied = applier.applyOwned(received(record), ownerships.get(record.partition()));
			}
			catch (RuntimeException failed) {
				// the error handler commits the offsets before the failed record: what they published must be in Kafka
				awaitAcknowledged(sent, records.get(0));
				throw new BatchListenerFailedException("Command at " + record.topic() + "-" + record.partition() + "@"
						+ record.offset() + " failed", failed, record);
			}
			sent.add(send(applied, records.get(0)));
		}
		awaitAcknowledged(sent, records.get(0));
	}

	private MessagePublisher.Sending send(List<AppliedCommand> applied, ConsumerRecord<String, String> first) {
		try {
			return publisher.send(applied);
		}
		catch (RuntimeException notSent) {
			// committed but not sent (the producer could not even take them): from the poll's first record again
			throw notPublished(first, notSent);
		}
	}

	private static void awaitAcknowledged(List<MessagePublisher.Sending> sent, ConsumerRecord<String, String> first) {
		try {
			sent.forEach(MessagePublisher.Sending::await);
		}
		catch (MessagesNotPublished failed) {
			throw notPublished(first, failed);
		}
	}

	private static BatchListenerFailedException notPublished(ConsumerRecord<String, String> first, Exception cause) {
		return new BatchListenerFailedException("Results and events of commands from " + first.topic() + "-"
				+ first.partition() + "@" + first.offset() + " on were committed but not published; delivering them again",
				cause, first);
	}

	private ReceivedCommand received(ConsumerRecord<String, String> record) {
		return ReceivedCommand.of(record, traceFields);
	}
}
