package com.spa.booking.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.infra.Kafka;

/**
 * The worker and the gateway as a benchmark step runs them: on the step's own database, topics and consumer group, so
 * that no step sees another's data; and what the benchmark reads of them from outside: the topics' end offsets, the
 * worker group's lag, the last result's time on the broker.
 */
final class Apps implements AutoCloseable {

	static final int PARTITIONS = 12;

	/** The worker's count of batches that failed and were applied again one command at a time. */
	static final String FALLBACKS = "booking.batch.fallbacks";

	private final Database database;

	private final Kafka kafka;

	private final String prefix;

	private final Admin admin;

	private Apps(Database database, Kafka kafka, String prefix) {
		this.database = database;
		this.kafka = kafka;
		this.prefix = prefix;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
	}

	static Apps on(Database database, Kafka kafka, String purpose) throws Exception {
		Apps apps = new Apps(database, kafka, purpose + "-" + UUID.randomUUID());
		List<NewTopic> topics = new ArrayList<>();
		for (String topic : apps.topics()) {
			NewTopic created = new NewTopic(topic, PARTITIONS, (short) 1);
			if (topic.equals(apps.resultsTopic()) || topic.equals(apps.commandsTopic())) {
				// each command and result stamped with the broker's clock as it is appended: when it was published
				created.configs(Map.of("message.timestamp.type", "LogAppendTime"));
			}
			topics.add(created);
		}
		apps.admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
		apps.awaitLeaders();
		return apps;
	}

	/** Until every partition of the step's topics has its leader, so that no client is told "not the leader". */
	private void awaitLeaders() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (true) {
			var described = get(admin.describeTopics(topics()).allTopicNames());
			if (described.values().stream().flatMap(topic -> topic.partitions().stream())
				.allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Partitions without a leader after 30 s: " + described);
			}
			Thread.sleep(50);
		}
	}

	String commandsTopic() {
		return prefix + ".commands";
	}

	String resultsTopic() {
		return prefix + ".results";
	}

	Kafka kafka() {
		return kafka;
	}

	String workerGroup() {
		return prefix;
	}

	/** What both applications need to join the step, as command-line arguments, then the extra ones. */
	String[] arguments(String... extra) {
		List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.server().username(),
				"--spring.datasource.password=" + database.server().password(),
				"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--server.port=0",
				"--spring.main.register-shutdown-hook=false", "--booking.topics.commands=" + commandsTopic(),
				"--booking.topics.results=" + resultsTopic(), "--booking.topics.events=" + prefix + ".events",
				"--booking.worker.group-id=" + workerGroup(), "--logging.level.root=WARN"));
		arguments.addAll(List.of(extra));
		return arguments.toArray(String[]::new);
	}

	/** Returns once every consumer of the application has its partitions. */
	static void awaitAssigned(ConfigurableApplicationContext context) throws InterruptedException {
		var registry = context.getBean(KafkaListenerEndpointRegistry.class);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (registry.getListenerContainers().stream().anyMatch(container -> container.getAssignedPartitions() == null
				|| container.getAssignedPartitions().isEmpty())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("No partitions assigned in " + context.getId());
			}
			Thread.sleep(10);
		}
	}

	/**
	 * The worker's count of batches applied again one at a time ({@value #FALLBACKS}), from its meter registry.
	 *
	 * @throws IllegalStateException if the worker has no such counter: then nobody can tell whether a batch fell back
	 */
	static long fallbacks(ConfigurableApplicationContext worker) {
		double most = -1;
		for (MeterRegistry registry : worker.getBeansOfType(MeterRegistry.class).values()) {
			Counter counter = registry.find(FALLBACKS).counter();
			if (counter != null) {
				most = Math.max(most, counter.count());
			}
		}
		if (most < 0) {
			throw new IllegalStateException("The worker has no counter " + FALLBACKS
					+ ": the benchmark cannot tell whether a batch fell back to one command at a time");
		}
		return (long) most;
	}

	/** The sum of a topic's end offsets: its records, and transaction markers if any were written. */
	long endOffsets(String topic) throws InterruptedException {
		return endOffsetsByPartition(topic).values().stream().mapToLong(Long::longValue).sum();
	}

	private Map<TopicPartition, Long> endOffsetsByPartition(String topic) throws InterruptedException {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions(topic).forEach(partition -> request.put(partition, OffsetSpec.latest()));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		get(admin.listOffsets(request).all()).forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	/** Commands on the topic the worker group has not committed yet: 0 once it has applied all it was sent. */
	long lag() throws InterruptedException {
		Map<TopicPartition, Long> ends = endOffsetsByPartition(commandsTopic());
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				admin.listConsumerGroupOffsets(workerGroup()).partitionsToOffsetAndMetadata());
		long lag = 0;
		for (var end : ends.entrySet()) {
			OffsetAndMetadata at = committed.get(end.getKey());
			lag += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
		}
		return lag;
	}

	/**
	 * When the results of all commands were published: the results topic's end offsets are polled every 100 ms until
	 * they reach the number of commands, then the topic is read (committed records only) until every command has a
	 * result (by its {@code requestId}, as the released {@code CommandResult} contract has it), so that neither
	 * transaction markers, which take offsets too, nor a command answered twice (a copy redelivered after a
	 * rebalance is answered again from its idempotency record) can end the wait early.
	 *
	 * @return the broker's append time of the first result of the command answered last, and the results read
	 */
	Published awaitPublished(long commands, Duration patience) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		while (endOffsets(resultsTopic()) < commands) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Results of " + commands + " commands not published after " + patience
						+ ": the topic's end offsets sum to " + endOffsets(resultsTopic()));
			}
			Thread.sleep(100);
		}
		JsonMapper json = JsonMapper.builder().build();
		Map<String, Long> firstResult = new HashMap<>();
		long read = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.assign(partitions(resultsTopic()));
			consumer.seekToBeginning(partitions(resultsTopic()));
			boolean more = true;
			while (firstResult.size() < commands || more) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Results of only " + firstResult.size() + " of " + commands
							+ " commands on " + resultsTopic() + " after " + patience);
				}
				var records = consumer.poll(Duration.ofMillis(firstResult.size() < commands ? 100 : 300));
				// once every command has its result, whatever else is there already (copies) is read too
				more = !records.isEmpty();
				for (ConsumerRecord<byte[], byte[]> record : records) {
					read++;
					String request = json.readTree(record.value()).path("requestId").asString();
					firstResult.merge(request, record.timestamp(), Math::min);
				}
			}
		}
		long last = firstResult.values().stream().mapToLong(Long::longValue).max().orElse(0);
		return new Published(Instant.ofEpochMilli(last), read, firstResult.size());
	}

	/**
	 * @param at the broker's append time of the first result of the command answered last
	 * @param results results read from the topic
	 * @param answered distinct commands among them
	 */
	record Published(Instant at, long results, long answered) {

		long copies() {
			return results - answered;
		}
	}

	private static List<TopicPartition> partitions(String topic) {
		return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
	}

	private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws InterruptedException {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<String> topics() {
		return List.of(commandsTopic(), resultsTopic(), prefix + ".events", commandsTopic() + ".DLT");
	}

	/** Deletes the step's topics. */
	@Override
	public void close() throws Exception {
		try {
			admin.deleteTopics(topics()).all().get(30, TimeUnit.SECONDS);
		}
		finally {
			admin.close();
		}
	}
}
