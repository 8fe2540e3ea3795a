package com.spa.booking.worker.booking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.propagation.Propagator;

import com.spa.booking.worker.failures.StuckPartitions;
import com.spa.booking.worker.fencing.Ownership;
import com.spa.booking.worker.fencing.PartitionClaims;
import com.spa.booking.worker.publishing.AppliedCommand;
import com.spa.booking.worker.publishing.MessagePublisher;
import com.spa.booking.worker.publishing.MessagePublisher.Sending;
import com.spa.booking.worker.publishing.MessagesNotPublished;

/**
 * Applies a poll's records, one partition's at a time, each partition's in one transaction, and publishes what each
 * transaction decided as soon as it committed. Returns only once Kafka acknowledged all of it: the container commits
 * the offsets after that, so a command whose messages may not have reached Kafka is always delivered again (and
 * answered from its idempotency record, its messages sent again).
 *
 * <p>If a partition's transaction fails, its records are applied once more one at a time, each in a transaction of
 * its own, up to the one that fails: those before it are applied and published, and that one is handed to the error
 * handler, which retries it or sets it aside ({@code BatchListenerFailedException}), and the records after it come
 * again. So one bad command costs its batch a second pass, and affects no other command's outcome. If Kafka does not
 * take a partition's messages, the error handler is handed that partition's first record: everything from there is
 * delivered again, with back-off.
 */
@Component
class CommandBatches {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandBatches.class);

	private final CommandProcessor processor;

	private final PartitionClaims claims;

	private final StuckPartitions stuck;

	private final MessagePublisher publisher;

	/** The headers that carry a trace context. */
	private final List<String> traceFields;

	/** Batches applied again one command at a time. */
	private final Counter fallbacks;

	CommandBatches(CommandProcessor processor, PartitionClaims claims, StuckPartitions stuck, MessagePublisher publisher,
			MeterRegistry meters, Propagator propagator) {
		this.traceFields = propagator.fields();
		this.fallbacks = Counter.builder("booking.batch.fallbacks")
			.description("Batches that failed and were applied again one command at a time")
			.register(meters);
		this.processor = processor;
		this.claims = claims;
		this.stuck = stuck;
		this.publisher = publisher;
	}

	/** What a partition's records published, on its way to Kafka. */
	private record Published(ConsumerRecord<String, String> first, List<Sending> sending) {
	}

	void apply(List<ConsumerRecord<String, String>> records) {
		List<Published> published = new ArrayList<>();
		for (List<ConsumerRecord<String, String>> partition : byPartition(records)) {
			try {
				published.add(new Published(partition.get(0), applyInOrder(partition)));
			}
			catch (BatchListenerFailedException failed) {
				// the error handler commits the offsets before the failed record: what they published must be in Kafka
				awaitAcknowledged(published);
				throw failed;
			}
		}
		awaitAcknowledged(published);
	}

	private List<Sending> applyInOrder(List<ConsumerRecord<String, String>> records) {
		ConsumerRecord<String, String> first = records.get(0);
		Ownership ownership = claims.ownership(first.topic(), first.partition());
		List<AppliedCommand> applied;
		try {
			applied = processor.processAll(records.stream().map(this::received).toList(), ownership);
		}
		catch (RuntimeException batchFailed) {
			// expected now and then (a command that fails, a row the batch could not see); all the time, it is a bug
			fallbacks.increment();
			log.debug("A batch of {} commands from {}-{} failed; applying them one at a time", records.size(),
					first.topic(), first.partition(), batchFailed);
			return applyOneAtATime(records, ownership);
		}
		return List.of(send(applied, first));
	}

	private List<Sending> applyOneAtATime(List<ConsumerRecord<String, String>> records, Ownership ownership) {
		List<Sending> sent = new ArrayList<>();
		for (ConsumerRecord<String, String> record : records) {
			List<AppliedCommand> applied;
			try {
				applied = processor.process(received(record), ownership);
			}
			catch (RuntimeException failed) {
				awaitAcknowledged(List.of(new Published(records.get(0), sent)));
				throw new BatchListenerFailedException("Command at " + record.topic() + "-" + record.partition() + "@"
						+ record.offset() + " failed", failed, record);
			}
			sent.add(send(applied, records.get(0)));
		}
		return sent;
	}

	private Sending send(List<AppliedCommand> applied, ConsumerRecord<String, String> first) {
		try {
			return publisher.send(applied);
		}
		catch (RuntimeException notSent) {
			// committed but not sent (the producer could not even take them): from the partition's first record again
			throw notPublished(first, notSent);
		}
	}

	/** Waits for Kafka's acknowledgements, in the order the partitions were applied. */
	private void awaitAcknowledged(List<Published> published) {
		for (Published partition : published) {
			try {
				partition.sending().forEach(Sending::await);
			}
			catch (MessagesNotPublished failed) {
				throw notPublished(partition.first(), failed);
			}
			stuck.passed(partition.first().topic(), partition.first().partition());
		}
	}

	private static BatchListenerFailedException notPublished(ConsumerRecord<String, String> first, Exception cause) {
		return new BatchListenerFailedException("Results and events of " + first.topic() + "-" + first.partition()
				+ " from offset " + first.offset() + " were committed but not published; delivering them again", cause,
				first);
	}

	private ReceivedCommand received(ConsumerRecord<String, String> record) {
		return ReceivedCommand.of(record, traceFields);
	}

	/** The records of each partition, in log order; partitions in the order the poll returned them. */
	private static List<List<ConsumerRecord<String, String>>> byPartition(List<ConsumerRecord<String, String>> records) {
		Map<TopicPartition, List<ConsumerRecord<String, String>>> partitions = new LinkedHashMap<>();
		for (ConsumerRecord<String, String> record : records) {
			partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new ArrayList<>())
				.add(record);
		}
		return new ArrayList<>(partitions.values());
	}
}
