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
import com.spa.booking.worker.outbox.OutboxRelay;

/**
 * Applies a poll's records, one partition's at a time, each partition's in one transaction. If that transaction
 * fails, the partition's records are applied once more one at a time, each in a transaction of its own, up to the one
 * that fails: those before it are applied, and that one is handed to the error handler, which retries it or sets it
 * aside ({@code BatchListenerFailedException}), and the records after it come again. So one bad command costs its
 * batch a second pass, and affects no other command's outcome.
 */
@Component
class CommandBatches {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommandBatches.class);

	private final CommandProcessor processor;

	private final PartitionClaims claims;

	private final StuckPartitions stuck;

	private final OutboxRelay relay;

	/** The headers that carry a trace context. */
	private final List<String> traceFields;

	/** Batches applied again one command at a time. */
	private final Counter fallbacks;

	CommandBatches(CommandProcessor processor, PartitionClaims claims, StuckPartitions stuck, OutboxRelay relay,
			MeterRegistry meters, Propagator propagator) {
		this.traceFields = propagator.fields();
		this.fallbacks = Counter.builder("booking.batch.fallbacks")
			.description("Batches that failed and were applied again one command at a time")
			.register(meters);
		this.processor = processor;
		this.claims = claims;
		this.stuck = stuck;
		this.relay = relay;
	}

	void apply(List<ConsumerRecord<String, String>> records) {
		for (List<ConsumerRecord<String, String>> partition : byPartition(records)) {
			applyInOrder(partition);
		}
	}

	private void applyInOrder(List<ConsumerRecord<String, String>> records) {
		ConsumerRecord<String, String> first = records.get(0);
		Ownership ownership = claims.ownership(first.topic(), first.partition());
		try {
			processor.processAll(records.stream().map(this::received).toList(), ownership);
		}
		catch (RuntimeException batchFailed) {
			// expected now and then (a command that fails, a row the batch could not see); all the time, it is a bug
			fallbacks.increment();
			log.debug("A batch of {} commands from {}-{} failed; applying them one at a time", records.size(),
					first.topic(), first.partition(), batchFailed);
			applyOneAtATime(records, ownership);
		}
		finally {
			// what committed goes out at once: this consumer owns the partition's rows
			relay.publishSoon(first.partition());
		}
		stuck.passed(first.topic(), first.partition());
	}

	private void applyOneAtATime(List<ConsumerRecord<String, String>> records, Ownership ownership) {
		for (ConsumerRecord<String, String> record : records) {
			try {
				processor.process(received(record), ownership);
			}
			catch (RuntimeException failed) {
				throw new BatchListenerFailedException("Command at " + record.topic() + "-" + record.partition() + "@"
						+ record.offset() + " failed", failed, record);
			}
		}
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
