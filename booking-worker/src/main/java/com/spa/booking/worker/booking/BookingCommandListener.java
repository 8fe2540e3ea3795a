package com.spa.booking.worker.booking;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Topics;
import com.spa.booking.worker.fencing.PartitionClaimer;
import com.spa.booking.worker.fencing.PartitionLost;

/**
 * The partitions' commands, in order, a poll at a time ({@code booking.batch.max-records}, 500 by default). Offsets
 * are committed by the container after this returns, that is after the database transactions committed; a crash in
 * between redelivers the commands, and the idempotency records answer them. A consumer that lost its partition is
 * rejected in those transactions ({@link PartitionClaimer}), and rejoins its group: should the group still give it the
 * partition, it claims it again rather than being rejected on every retry.
 */
@Component
class BookingCommandListener {

	private final CommandBatchApplier batches;

	private final PartitionClaimer claims;

	BookingCommandListener(CommandBatchApplier batches, PartitionClaimer claims) {
		this.batches = batches;
		this.claims = claims;
	}

	@KafkaListener(id = "booking-worker", groupId = "${booking.worker.group-id:booking-worker}",
			topics = "${booking.topics.commands:" + Topics.COMMANDS + "}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
		try {
			batches.apply(records);
		}
		catch (RuntimeException failed) {
			fencedOut(failed).ifPresent(lost -> claims.fencedOut(consumer, lost.claimed()));
			// still a failure: the error handler keeps the offsets where they are and the records come again
			throw failed;
		}
	}

	private static Optional<PartitionLost> fencedOut(Throwable failed) {
		for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
			if (cause instanceof PartitionLost lost) {
				return Optional.of(lost);
			}
		}
		return Optional.empty();
	}
}
