package com.spa.booking.gateway.request;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;
import com.spa.booking.support.SharedSettings;

/**
 * Puts a command on the therapist's partition. Nobody waits for the broker: the answer is a future, failed after the
 * publish timeout at the latest. The send is observed as {@code booking.command.send}: a producer span whose W3C trace
 * context goes along in the record's headers, so the worker continues the request's trace. (Not Spring Kafka's
 * template observation: it asks the broker for its cluster ID first, and with the broker away that blocks the request
 * for a minute.)
 *
 * <p>The Kafka producer itself blocks its caller, up to {@code max.block.ms}, while it does not know the topic's
 * partitions: with the broker away since the gateway started, or since the topic was last used. So the sends are
 * made on threads of their own, as many as commands may be on their way, never on the caller's: a send stuck there
 * holds up no request, no write of requests, and no other send.
 */
@Component
class CommandPublisher implements DisposableBean {

	private final KafkaTemplate<String, String> kafka;

	private final GatewayProperties properties;

	private final String commandsTopic;

	private final ObservationRegistry observations;

	private final ThreadPoolTaskExecutor senders = new ThreadPoolTaskExecutor();

	CommandPublisher(KafkaTemplate<String, String> kafka, GatewayProperties properties, SharedSettings settings,
			ObservationRegistry observations) {
		this.kafka = kafka;
		this.properties = properties;
		this.commandsTopic = settings.topics().commands();
		this.observations = observations;
		// a send takes microseconds when the producer knows the partitions: two threads do, more only when stuck
		senders.setCorePoolSize(2);
		senders.setMaxPoolSize(Math.max(2, properties.gateway().maxInFlight()));
		senders.setQueueCapacity(0);
		senders.setThreadNamePrefix("command-sender-");
		senders.setWaitForTasksToCompleteOnShutdown(true);
		senders.setAwaitTerminationSeconds(5);
		senders.initialize();
	}

	/**
	 * @param request the observation of the request that sends it (its HTTP request's), which the send's span is a
	 * child of; null for none
	 * @return completed once the broker has the command; failed with a 503
	 * {@link org.springframework.web.ErrorResponseException} if it did not take it in time
	 */
	CompletableFuture<Void> publish(BookingCommand command, Observation request) {
		CompletableFuture<Void> published = new CompletableFuture<>();
		try {
			senders.execute(() -> send(command, request, published));
		}
		catch (TaskRejectedException tooManyStuck) {
			published.completeExceptionally(Problems.commandNotPublished(command.requestId(), tooManyStuck));
		}
		return published;
	}

	private void send(BookingCommand command, Observation request, CompletableFuture<Void> published) {
		var record = new ProducerRecord<>(commandsTopic, command.partitionKey(), Messages.toJson(command));
		SenderContext<ProducerRecord<String, String>> sending = new SenderContext<>(
				(carrier, key, value) -> carrier.headers().remove(key).add(key, value.getBytes(StandardCharsets.UTF_8)));
		sending.setCarrier(record);
		sending.setRemoteServiceName("kafka");
		Observation send = Observation.createNotStarted("booking.command.send", () -> sending, observations)
			.parentObservation(request)
			.contextualName(record.topic() + " send")
			.lowCardinalityKeyValue("command", command.type())
			.highCardinalityKeyValue("booking.request.id", command.requestId().toString())
			.start();
		CompletableFuture<?> sent;
		try (Observation.Scope scope = send.openScope()) {
			sent = kafka.send(record).orTimeout(properties.gateway().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException refused) {
			// refused at once: no partitions known within max.block.ms, the producer closed, ...
			sent = CompletableFuture.failedFuture(refused);
		}
		// on the producer's thread, or the timeout's: nothing here may block
		sent.whenComplete((result, failure) -> {
			if (failure == null) {
				send.stop();
				published.complete(null);
				return;
			}
			Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
					: failure;
			send.error(cause);
			send.stop();
			published.completeExceptionally(Problems.commandNotPublished(command.requestId(), cause));
		});
	}

	@Override
	public void destroy() {
		senders.shutdown();
	}
}
