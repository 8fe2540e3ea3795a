package com.spa.booking.worker;

import java.sql.SQLException;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import com.spa.booking.support.KafkaHealthIndicator;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import com.spa.booking.worker.booking.UnreadableCommands;
import com.spa.booking.worker.fencing.PartitionClaims;
import com.spa.booking.worker.fencing.PartitionLost;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;

/**
 * Topics are created on start-up (existing ones are left as they are). A command that cannot be read goes to the
 * dead-letter topic at once; any other failure is retried with back-off, without end, because skipping a command
 * would lose a booking request.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics bookingTopics(WorkerProperties properties) {
		var topics = properties.topics();
		return new KafkaAdmin.NewTopics(topic(topics.commands(), topics.partitions()),
				topic(topics.commandsDeadLetter(), topics.partitions()),
				topic(topics.results(), topics.partitions()),
				topic(topics.events(), topics.partitions()));
	}

	/** What went wrong in the database, by SQLState: what an operator needs to tell load from a bug. */
	static String databaseErrorKind(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				return state.equals("40P01") ? "deadlock" : state.equals("40001") ? "serialization"
						: state.startsWith("23") ? "constraint" : state.startsWith("08") ? "connection" : "other";
			}
		}
		return "none";
	}

	private static NewTopic topic(String name, int partitions) {
		return TopicBuilder.name(name).partitions(partitions).build();
	}

	/**
	 * An unreadable command is answered FAILED (if its request ID can be read) and then set aside on the dead-letter
	 * topic; should either step fail, the record is tried again, and the answer is given only once.
	 */
	@Bean
	DefaultErrorHandler commandErrorHandler(KafkaOperations<Object, Object> kafka, WorkerProperties properties,
			UnreadableCommands unreadable, MeterRegistry meters) {
		String deadLetter = properties.topics().commandsDeadLetter();
		var deadLetters = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(deadLetter, record.partition()));
		ConsumerRecordRecoverer recoverer = (record, ex) -> {
			if (record.value() instanceof String json) {
				unreadable.answer(json, ex);
			}
			deadLetters.accept(record, ex);
			meters.counter("booking.commands.dead.lettered").increment();
		};
		var backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(10_000);
		var handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(JacksonException.class);
		handler.setRetryListeners((record, ex, attempt) -> {
			meters.counter("booking.commands.retries").increment();
			if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof PartitionLost) {
				// a zombie refused: it rejoins the group at its next poll; worth an operator's glance if it recurs
				meters.counter("booking.commands.fenced").increment();
			}
			else {
				meters.counter("booking.db.errors", "kind", databaseErrorKind(ex)).increment();
			}
		});
		return handler;
	}

	/** Zombie fencing: each consumer claims its partitions as they are assigned. */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> claimPartitionsOnAssignment(
			PartitionClaims claims) {
		return container -> container.getContainerProperties().setConsumerRebalanceListener(claims);
	}

	/** The broker in readiness, as {@code kafka}. */
	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		return new KafkaHealthIndicator(kafkaAdmin);
	}
}
