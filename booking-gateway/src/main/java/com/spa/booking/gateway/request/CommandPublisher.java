package com.spa.booking.gateway.request;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;

/** Puts a command on the therapist's partition and waits, bounded, until the broker has it. */
@Component
class CommandPublisher {

	private final KafkaTemplate<String, String> kafka;

	private final GatewayProperties properties;

	CommandPublisher(KafkaTemplate<String, String> kafka, GatewayProperties properties) {
		this.kafka = kafka;
		this.properties = properties;
	}

	/** @throws org.springframework.web.ErrorResponseException 503 if the broker did not take it in time */
	void publish(BookingCommand command) {
		try {
			kafka.send(properties.topics().commands(), command.partitionKey(), Messages.toJson(command))
				.get(properties.gateway().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw Problems.commandNotPublished(command.requestId(), ex);
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			throw Problems.commandNotPublished(command.requestId(), ex);
		}
	}
}
