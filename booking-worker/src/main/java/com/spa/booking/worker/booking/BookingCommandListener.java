package com.spa.booking.worker.booking;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Topics;
import com.spa.booking.worker.fencing.PartitionClaimer;

/**
 * The partitions' commands, in order, a poll at a time ({@code booking.batch.max-records}, 500 by default). Offsets
 * are committed by the container after this returns, that is after the database transactions committed; a crash in
 * between redelivers the commands, and the idempotency records answer them. A consumer that lost its partition is
 * rejected in those transactions ({@link PartitionClaimer}).
 */
@Component
class BookingCommandListener {

	private final CommandBatchApplier batches;

	BookingCommandListener(CommandBatchApplier batches) {
		this.batches = batches;
	}

	@KafkaListener(id = "booking-worker", groupId = "${booking.worker.group-id:booking-worker}",
			topics = "${booking.topics.commands:" + Topics.COMMANDS + "}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		batches.apply(records);
	}
}
