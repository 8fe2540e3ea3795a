package com.spa.booking.worker.booking;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import com.spa.booking.schemas.Messages;

/**
 * The partition's commands, in order. The offset is committed by the container after this returns, that is after the
 * database transaction committed; a crash in between redelivers the command, and the idempotency record answers it.
 */
@Component
class BookingCommandListener {

	private final CommandProcessor processor;

	BookingCommandListener(CommandProcessor processor) {
		this.processor = processor;
	}

	@KafkaListener(id = "booking-worker", topics = "${booking.topics.commands}")
	void on(String json) {
		processor.process(Messages.command(json));
	}
}
