package com.spa.booking.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import com.spa.booking.support.KafkaHealthIndicator;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.booking.FailedCommandAnswerer;
import com.spa.booking.worker.failures.FailureClassifier;
import com.spa.booking.worker.failures.StuckPartitionMonitor;
import com.spa.booking.worker.fencing.PartitionClaimer;
import com.spa.booking.worker.fencing.PartitionLost;
import com.spa.booking.worker.publishing.MessagePublisher;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Topics are created on start-up (existing ones are left as they are). A command that can never be applied (it cannot
 * be read, or it fails the same way every time) is answered FAILED and set aside on the dead-letter topic at once; any
 * other failure is retried with back-off, without end, because skipping a command would lose a booking request.
 */
@Configuration(proxyBeanMethods = false)
class WorkerKafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WorkerKafkaConfiguration.class);

	@Bean
	KafkaAdmin.NewTopics bookingTopics(SharedSettings settings) {
		var topics = settings.topics();
		return new KafkaAdmin.NewTopics(topic(topics.commands(), topics.partitions()),
				topic(topics.commandsDeadLetter(), topics.partitions()),
				topic(topics.results(), topics.partitions()),
				topic(topics.events(), topics.partitions()));
	}

	private static NewTopic topic(String name, int partitions) {
		return TopicBuilder.name(name).partitions(partitions).build();
	}

	/**
	 * A deterministic failure is not retried: the command is answered FAILED (if its request ID can be read) and set
	 * aside on the dead-letter topic; should either step fail, the record is tried again, and the answer stays the
	 * first one. A transient one is retried, 0.1 s doubling to 10 s, for as long as it takes, and said so
	 * ({@link StuckPartitionMonitor}).
	 */
	@Bean
	DefaultErrorHandler commandErrorHandler(KafkaOperations<Object, Object> kafka, SharedSettings settings,
			FailedCommandAnswerer failed, MessagePublisher publisher, StuckPartitionMonitor stuck, MeterRegistry meters) {
		String deadLetter = settings.topics().commandsDeadLetter();
		var deadLetters = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(deadLetter, record.partition()));
		ConsumerRecordRecoverer recoverer = (record, ex) -> {
			log.warn("Command at {}-{}@{} can never be applied; answering FAILED and setting it aside on {}",
					record.topic(), record.partition(), record.offset(), deadLetter, ex);
			if (record.value() instanceof String json) {
				// committed first, then published: should the publish fail, the record comes again and so does the answer
				failed.answer(json, ex).ifPresent(answer -> publisher.publish(java.util.List.of(answer)));
			}
			deadLetters.accept(record, ex);
			meters.counter("booking.commands.dead.lettered").increment();
		};
		var handler = new DefaultErrorHandler(recoverer, retryForever());
		handler.setBackOffFunction((record, ex) -> FailureClassifier.isDeterministic(ex) ? new FixedBackOff(0, 0)
				: retryForever());
		handler.setLogLevel(KafkaException.Level.DEBUG);
		handler.setRetryListeners(new RetryListener() {

			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
				if (FailureClassifier.isDeterministic(ex)) {
					return;
				}
				stuck.failed(record, ex, attempt);
				meters.counter("booking.commands.retries").increment();
				if (NestedExceptionUtils.getMostSpecificCause(ex) instanceof PartitionLost) {
					// fenced out: the consumer rejoins its group (BookingCommandListener); worth a glance if it recurs
					meters.counter("booking.commands.fenced").increment();
				}
				else {
					meters.counter("booking.db.errors", "kind", FailureClassifier.databaseErrorKind(ex)).increment();
				}
			}

			@Override
			public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
				stuck.passed(record.topic(), record.partition());
			}
		});
		return handler;
	}

	private static BackOff retryForever() {
		var backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(10_000);
		return backOff;
	}

	/**
	 * Zombie fencing: each consumer claims its partitions as they are assigned. A partition it no longer has is no
	 * longer its to call stuck. Offsets are committed without waiting for the broker's answer ({@code commitAsync}):
	 * they are only ever those of commands applied and published, and a commit that is lost only means that those
	 * commands come again and are answered from their records.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> workerContainers(
			PartitionClaimer claims, StuckPartitionMonitor stuck) {
		return container -> {
			container.getContainerProperties().setSyncCommits(false);
			container.getContainerProperties().setConsumerRebalanceListener(rebalanceListener(claims, stuck));
		};
	}

	private static ConsumerAwareRebalanceListener rebalanceListener(PartitionClaimer claims, StuckPartitionMonitor stuck) {
		return new ConsumerAwareRebalanceListener() {

					@Override
					public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
						claims.onPartitionsAssigned(consumer, partitions);
						stuck.assigned(partitions);
					}

					@Override
					public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer,
							Collection<TopicPartition> partitions) {
						claims.onPartitionsRevokedAfterCommit(consumer, partitions);
						stuck.forget(partitions);
					}

					@Override
					public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
						claims.onPartitionsLost(consumer, partitions);
						stuck.forget(partitions);
					}
				};
	}

	/** The batch knobs, as the consumer's own settings. */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer batchSettings(WorkerProperties properties) {
		WorkerProperties.Batch batch = properties.batch();
		return factory -> {
			Map<String, Object> settings = new HashMap<>();
			settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch.maxRecords());
			if (!batch.maxWait().isZero()) {
				settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) batch.maxWait().toMillis());
				settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
			}
			factory.updateConfigs(settings);
		};
	}

	/** The broker in readiness, as {@code kafka}. */
	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		return new KafkaHealthIndicator(kafkaAdmin);
	}
}
