package com.spa.booking.worker.booking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.failures.StuckPartitions;
import com.spa.booking.worker.fencing.PartitionClaims;

/**
 * The partition's commands, in order. The offset is committed by the container after this returns, that is after the
 * database transaction committed; a crash in between redelivers the command, and the idempotency record answers it.
 * A consumer that lost its partition is refused in that transaction ({@link PartitionClaims}).
 */
@Component
class BookingCommandListener {

	private final CommandProcessor processor;

	private final PartitionClaims claims;

	private final StuckPartitions stuck;

	BookingCommandListener(CommandProcessor processor, PartitionClaims claims, StuckPartitions stuck) {
		this.processor = processor;
		this.claims = claims;
		this.stuck = stuck;
	}

	@KafkaListener(id = "booking-worker", groupId = "${booking.worker.group-id:booking-worker}",
			topics = "${booking.topics.commands}")
	void on(ConsumerRecord<String, String> record) {
		processor.process(Messages.command(record.value()), claims.ownership(record.topic(), record.partition()));
		stuck.passed(record.topic(), record.partition());
	}
}
