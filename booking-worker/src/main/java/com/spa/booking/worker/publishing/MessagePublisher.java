package com.spa.booking.worker.publishing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.spa.booking.schemas.CloudEventAttributes;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerProperties;

/**
 * Publishes what committed transactions decided: each command's result on {@code booking.results} (keyed by request
 * ID) and its events on {@code booking.events} (keyed by booking or session), in the order the commands were applied,
 * with the idempotent producer, which keeps that order per partition. The caller commits the commands' offsets only
 * once {@link Sending#await()} has returned: a worker that dies before leaves the commands to be redelivered, and they
 * are answered from their idempotency records, whose stored messages go out again under the same IDs.
 *
 * <p>Every record carries its CloudEvents attributes as binary-mode headers (written by the CloudEvents library) and
 * the trace context of the command that made it, so that its consumers continue that trace.
 */
@Component
public class MessagePublisher {

	/** The W3C header of a trace context. */
	static final String TRACEPARENT = "traceparent";

	private final KafkaTemplate<String, String> kafka;

	private final SharedSettings.TopicNames topics;

	private final URI source;

	private final Duration timeout;

	private final Timer acknowledged;

	private final Counter published;

	MessagePublisher(KafkaTemplate<String, String> kafka, WorkerProperties properties,
			SharedSettings settings, MeterRegistry meters) {
		this.kafka = kafka;
		this.topics = settings.topics();
		this.source = properties.eventSource();
		this.timeout = properties.publishTimeout();
		this.acknowledged = Timer.builder("booking.publish")
			.description("From sending a batch's results and events to Kafka's acknowledgement of all of them")
			.register(meters);
		this.published = Counter.builder("booking.messages.published")
			.description("Results and events published (copies sent again for redelivered commands included)")
			.register(meters);
	}

	/** Sends every message of the commands, in order, without waiting. */
	public Sending send(List<AppliedCommand> applied) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (AppliedCommand command : applied) {
			sends.add(kafka.send(record(topics.results(), command.result().requestId().toString(), command.resultJson(),
					CloudEventAttributes.of(command.result()), command.traceparent())));
			for (int i = 0; i < command.events().size(); i++) {
				var event = command.events().get(i);
				sends.add(kafka.send(record(topics.events(), event.subject().toString(), command.eventJsons().get(i),
						CloudEventAttributes.of(event), command.traceparent())));
			}
		}
		published.increment(sends.size());
		return new Sending(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)), System.nanoTime());
	}

	/** Sends and waits until Kafka has every message. @throws MessagesNotPublished if it did not take them in time */
	public void publish(List<AppliedCommand> applied) {
		send(applied).await();
	}

	/** Messages on their way to Kafka. */
	public final class Sending {

		private final CompletableFuture<Void> acknowledgements;

		private final long sentAt;

		private Sending(CompletableFuture<Void> acknowledgements, long sentAt) {
			this.acknowledgements = acknowledgements;
			this.sentAt = sentAt;
		}

		/** @throws MessagesNotPublished if Kafka did not acknowledge them all within {@code booking.publish-timeout} */
		public void await() {
			try {
				acknowledgements.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				acknowledged.record(System.nanoTime() - sentAt, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new MessagesNotPublished(ex);
			}
			catch (ExecutionException | TimeoutException | KafkaException ex) {
				throw new MessagesNotPublished(ex);
			}
		}
	}

	private ProducerRecord<String, String> record(String topic, String key, String json, CloudEventAttributes attributes,
			String traceparent) {
		CloudEvent event = CloudEventBuilder.v1()
			.withId(attributes.id())
			.withType(attributes.type())
			.withSource(source)
			.withSubject(attributes.subject())
			.withTime(attributes.time().atOffset(ZoneOffset.UTC))
			.withDataSchema(attributes.dataSchema())
			.withDataContentType("application/json")
			.withData(json.getBytes(StandardCharsets.UTF_8))
			.build();
		Headers headers = KafkaMessageFactory.createWriter(topic, null, null, key).writeBinary(event).headers();
		if (traceparent != null) {
			headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
		}
		return new ProducerRecord<>(topic, null, key, json, headers);
	}
}
