package com.spa.booking.gateway.request;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;

/**
 * Puts a command on the therapist's partition and waits, bounded, until the broker has it. The send is observed as
 * {@code booking.command.send}: a producer span whose W3C trace context goes along in the record's headers, so the
 * worker continues the request's trace. (Not Spring Kafka's template observation: it asks the broker for its cluster
 * ID first, and with the broker away that blocks the request for a minute.)
 */
@Component
class CommandPublisher {

	private final KafkaTemplate<String, String> kafka;

	private final GatewayProperties properties;

	private final ObservationRegistry observations;

	CommandPublisher(KafkaTemplate<String, String> kafka, GatewayProperties properties,
			ObservationRegistry observations) {
		this.kafka = kafka;
		this.properties = properties;
		this.observations = observations;
	}

	/** @throws org.springframework.web.ErrorResponseException 503 if the broker did not take it in time */
	void publish(BookingCommand command) {
		var record = new ProducerRecord<>(properties.topics().commands(), command.partitionKey(), Messages.toJson(command));
		SenderContext<ProducerRecord<String, String>> sending = new SenderContext<>(
				(carrier, key, value) -> carrier.headers().remove(key).add(key, value.getBytes(StandardCharsets.UTF_8)));
		sending.setCarrier(record);
		sending.setRemoteServiceName("kafka");
		Observation.createNotStarted("booking.command.send", () -> sending, observations)
			.contextualName(record.topic() + " send")
			.lowCardinalityKeyValue("command", command.type())
			.highCardinalityKeyValue("booking.request.id", command.requestId().toString())
			.observe(() -> send(record, command));
	}

	private void send(ProducerRecord<String, String> record, BookingCommand command) {
		try {
			kafka.send(record).get(properties.gateway().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
