package com.spa.booking.worker.booking;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Messages;
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

	BookingCommandListener(CommandProcessor processor, PartitionClaims claims) {
		this.processor = processor;
		this.claims = claims;
	}

	@KafkaListener(id = "booking-worker", groupId = "${booking.worker.group-id:booking-worker}",
			topics = "${booking.topics.commands}")
	void on(ConsumerRecord<String, String> record, Consumer<?, ?> consumer) {
		processor.process(Messages.command(record.value()), claims.ownership(consumer, record.topic(), record.partition()));
	}
}
