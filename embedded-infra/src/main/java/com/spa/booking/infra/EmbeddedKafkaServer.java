package com.spa.booking.infra;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode, running in this JVM. Its log lives in a temporary directory: topics
 * start empty on every start.
 */
public final class EmbeddedKafkaServer implements Kafka {

	private final EmbeddedKafkaKraftBroker broker;

	private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/** @param port 0 for any free port */
	public static EmbeddedKafkaServer start(int port) {
		// topics are created by the applications themselves, with their configured partition counts
		var broker = new EmbeddedKafkaKraftBroker(1, 1);
		if (port != 0) {
			broker.kafkaPorts(port);
		}
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.afterPropertiesSet();
		return new EmbeddedKafkaServer(broker);
	}

	@Override
	public String bootstrapServers() {
		return broker.getBrokersAsString();
	}

	@Override
	public void close() {
		broker.destroy();
	}
}
