package com.spa.booking.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of some topics from the start, in a background thread, and keeps what it read, decoded. For
 * tests that check what was published, as a real consumer sees it. Every record read is checked against the
 * {@link MessageContract}: once one breaks it, {@link #records()} fails the test that asks.
 */
public final class TopicRecorder<T> implements AutoCloseable {

	private final KafkaConsumer<String, String> consumer;

	private final Function<ConsumerRecord<String, String>, T> decoder;

	private final List<T> records = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	/** Keeps the decoded values. */
	public TopicRecorder(String bootstrapServers, Function<String, T> decoder, String... topics) {
		this(decoder.compose(ConsumerRecord::value), topics, bootstrapServers);
	}

	/** Keeps the values the decoder knows, as a consumer skips a type it does not know. */
	public static <T> TopicRecorder<T> ofKnown(String bootstrapServers, Function<String, Optional<T>> decoder,
			String... topics) {
		return new TopicRecorder<>(record -> decoder.apply(record.value()).orElse(null), topics, bootstrapServers);
	}

	/** Keeps the whole records, headers included. */
	public static TopicRecorder<ConsumerRecord<String, String>> records(String bootstrapServers, String... topics) {
		return new TopicRecorder<>(Function.identity(), topics, bootstrapServers);
	}

	private TopicRecorder(Function<ConsumerRecord<String, String>, T> decoder, String[] topics, String bootstrapServers) {
		this.decoder = decoder;
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "recorder-" + UUID.randomUUID(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
		List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30))
			.entrySet()
			.stream()
			.filter(topic -> List.of(topics).contains(topic.getKey()))
			.flatMap(topic -> topic.getValue().stream())
			.map(info -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		if (partitions.isEmpty()) {
			consumer.close();
			throw new IllegalStateException("None of the topics " + List.of(topics) + " exists yet");
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		thread = new Thread(this::poll, "topic-recorder");
		thread.setDaemon(true);
		thread.start();
	}

	private void poll() {
		try {
			while (running) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
					violations.addAll(MessageContract.violations(record));
					T decoded = decoder.apply(record);
					if (decoded != null) {
						records.add(decoded);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			consumer.close();
		}
	}

	/**
	 * Everything read so far, in the order read (per partition, the order written).
	 *
	 * @throws AssertionError if a record read broke the message contract
	 */
	public List<T> records() {
		if (!violations.isEmpty()) {
			throw new AssertionError("Messages that break the published contract:\n" + String.join("\n", violations));
		}
		return List.copyOf(records);
	}

	@Override
	public void close() {
		running = false;
		consumer.wakeup();
	}
}
