package com.spa.booking.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableKafkaServerIntegrationTests {

	@TempDir
	Path data;

	@Test
	void aRestartOnTheSamePortAndDirectoryKeepsTopicsAndRecords() throws Exception {
		int port = KraftConfiguration.freePort();
		try (var kafka = DurableKafkaServer.start(data, port)) {
			assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic("booking.events", 1, (short) 1))).all().get();
			}
			try (var producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>("booking.events", "k", "kept")).get();
			}
		}

		try (var kafka = DurableKafkaServer.start(data, port)) {
			assertThat(readAll(kafka.bootstrapServers(), "booking.events")).containsExactly("kept");
		}
	}

	@Test
	void aSecondBrokerOnTheSameDirectoryIsRejected() {
		try (var kafka = DurableKafkaServer.start(data, KraftConfiguration.freePort())) {
			assertThatThrownBy(() -> DurableKafkaServer.start(data, KraftConfiguration.freePort()))
				.isInstanceOf(IllegalStateException.class).hasMessageContaining("Another Kafka broker");
		}
	}

	private static List<String> readAll(String bootstrapServers, String topic) {
		try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrapServers), new StringDeserializer(), new StringDeserializer())) {
			var partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			List<String> values = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.isEmpty() && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
			}
			return values;
		}
	}
}
