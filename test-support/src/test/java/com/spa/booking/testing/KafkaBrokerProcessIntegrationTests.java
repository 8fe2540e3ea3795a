package com.spa.booking.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessIntegrationTests {

	private static final String TOPIC = "bookings";

	private static final String GROUP = "billing";

	private static final List<String> VALUES = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

	@TempDir
	Path dataDirectory;

	@Test
	void recordsAndCommittedOffsetsSurviveAnAbruptStopAndRestart() throws Exception {
		survivesStopAndRestart("abrupt", KafkaBrokerProcess::stop);
	}

	@Test
	void recordsAndCommittedOffsetsSurviveAGracefulStopAndRestart() throws Exception {
		survivesStopAndRestart("graceful", KafkaBrokerProcess::stopGracefully);
	}

	@Test
	void aNewBrokerOnAUsedDataDirectoryKeepsItsClusterAndRecords() throws Exception {
		String clusterId;
		try (var broker = KafkaBrokerProcess.start(dataDirectory)) {
			clusterId = broker.clusterId();
			writeRecordsAndCommit(broker);
		}
		try (var broker = KafkaBrokerProcess.start(dataDirectory)) {
			assertThat(broker.clusterId()).isEqualTo(clusterId);
			assertThat(answeredClusterId(broker)).isEqualTo(clusterId);
			assertThat(readAll(broker)).containsExactlyInAnyOrderElementsOf(VALUES);
			assertThat(committedOffsets(broker)).isEqualTo(Map.of(new TopicPartition(TOPIC, 0), 4L));
		}
	}

	private void survivesStopAndRestart(String how, Consumer<KafkaBrokerProcess> stop) throws Exception {
		long before = System.nanoTime();
		try (var broker = KafkaBrokerProcess.start(dataDirectory)) {
			long started = System.nanoTime();
			String clusterId = answeredClusterId(broker);
			assertThat(clusterId).isEqualTo(broker.clusterId());
			writeRecordsAndCommit(broker);

			long stopping = System.nanoTime();
			stop.accept(broker);
			long stopped = System.nanoTime();
			assertThat(broker.running()).isFalse();
			assertThatThrownBy(() -> answeredClusterId(broker, Duration.ofSeconds(1)))
				.isInstanceOf(ExecutionException.class);

			long restarting = System.nanoTime();
			broker.restart();
			long restarted = System.nanoTime();
			System.out.printf("[broker] started in %d ms, %s stop in %d ms, restarted in %d ms%n",
					Duration.ofNanos(started - before).toMillis(), how, Duration.ofNanos(stopped - stopping).toMillis(),
					Duration.ofNanos(restarted - restarting).toMillis());

			assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + broker.port());
			assertThat(answeredClusterId(broker)).isEqualTo(clusterId);
			assertThat(readAll(broker)).containsExactlyInAnyOrderElementsOf(VALUES);
			assertThat(committedOffsets(broker)).isEqualTo(Map.of(new TopicPartition(TOPIC, 0), 4L));
		}
	}

	private static void writeRecordsAndCommit(KafkaBrokerProcess broker) throws Exception {
		try (Admin admin = admin(broker)) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
		}
		try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
			for (String value : VALUES) {
				producer.send(new ProducerRecord<>(TOPIC, value, value)).get();
			}
		}
		try (var consumer = consumer(broker, GROUP)) {
			consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(4)));
		}
	}

	private static List<String> readAll(KafkaBrokerProcess broker) {
		try (var consumer = consumer(broker, null)) {
			var partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<String> values = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.size() < VALUES.size() && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
			}
			return values;
		}
	}

	private static Map<TopicPartition, Long> committedOffsets(KafkaBrokerProcess broker) throws Exception {
		try (Admin admin = admin(broker)) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get();
			var result = new HashMap<TopicPartition, Long>();
			offsets.forEach((partition, offset) -> result.put(partition, offset.offset()));
			return result;
		}
	}

	private static String answeredClusterId(KafkaBrokerProcess broker) throws Exception {
		return answeredClusterId(broker, Duration.ofSeconds(30));
	}

	private static String answeredClusterId(KafkaBrokerProcess broker, Duration timeout) throws Exception {
		try (Admin admin = admin(broker)) {
			return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
				.clusterId()
				.get();
		}
	}

	private static Admin admin(KafkaBrokerProcess broker) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
	}

	private static KafkaConsumer<String, String> consumer(KafkaBrokerProcess broker, String group) {
		Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				broker.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
		if (group != null) {
			config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		}
		return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
	}
}
