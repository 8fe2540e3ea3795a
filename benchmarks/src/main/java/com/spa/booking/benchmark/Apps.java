package com.spa.booking.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import com.spa.booking.infra.Kafka;

/**
 * The worker and the gateway as a benchmark step runs them: on the step's own database, topics and consumer group, so
 * that no step sees another's data.
 */
record Apps(Database database, Kafka kafka, String prefix) implements AutoCloseable {

	static final int PARTITIONS = 12;

	static Apps on(Database database, Kafka kafka, String purpose) throws Exception {
		Apps apps = new Apps(database, kafka, purpose + "-" + java.util.UUID.randomUUID());
		try (Admin admin = apps.admin()) {
			admin.createTopics(apps.topics().stream().map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).toList())
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		return apps;
	}

	String commandsTopic() {
		return prefix + ".commands";
	}

	/** What both applications need to join the step, as command-line arguments, then the extra ones. */
	String[] arguments(String... extra) {
		List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.server().username(),
				"--spring.datasource.password=" + database.server().password(),
				"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--server.port=0",
				"--spring.main.register-shutdown-hook=false", "--booking.topics.commands=" + commandsTopic(),
				"--booking.topics.results=" + prefix + ".results", "--booking.topics.events=" + prefix + ".events",
				"--booking.worker.group-id=" + prefix, "--logging.level.root=WARN"));
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

	private List<String> topics() {
		return List.of(commandsTopic(), prefix + ".results", prefix + ".events", commandsTopic() + ".DLT");
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
	}

	/** Deletes the step's topics. */
	@Override
	public void close() throws Exception {
		try (Admin admin = admin()) {
			admin.deleteTopics(topics()).all().get(30, TimeUnit.SECONDS);
		}
	}
}
