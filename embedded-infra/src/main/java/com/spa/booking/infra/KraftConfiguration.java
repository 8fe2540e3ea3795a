package com.spa.booking.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft broker kept on disk: shared by the broker of {@code ./run-local}
 * ({@link DurableKafkaServer}) and the tests' broker in a process of its own, so that both start the same way.
 */
public final class KraftConfiguration {

	private static final int NODE_ID = 1;

	private KraftConfiguration() {
	}

	/** A single node, broker and controller in one, with its log in {@code logs} under the data directory. */
	public static Properties brokerProperties(Path dataDirectory, int port, int controllerPort) {
		var properties = new Properties();
		properties.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"),
				Map.entry("node.id", String.valueOf(NODE_ID)),
				// a static quorum: the voters' addresses are not written into the metadata log, so a later start
				// on the same directory may use other ports
				Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
				Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("inter.broker.listener.name", "PLAINTEXT"),
				Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("log.dirs", dataDirectory.resolve("logs").toString()),
				Map.entry("offsets.topic.replication.factor", "1"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"),
				Map.entry("share.coordinator.state.topic.replication.factor", "1"),
				Map.entry("share.coordinator.state.topic.min.isr", "1"),
				// one broker: 50 partitions each would only slow down the first group join and every restart
				Map.entry("offsets.topic.num.partitions", "1"),
				Map.entry("transaction.state.log.num.partitions", "1"),
				// after a crash, the new incarnation can only register once the dead one's session has expired
				Map.entry("broker.heartbeat.interval.ms", "500"),
				Map.entry("broker.session.timeout.ms", "3000"),
				Map.entry("group.initial.rebalance.delay.ms", "0"),
				// topics are created by the applications themselves, with their configured partition counts
				Map.entry("auto.create.topics.enable", "false")));
		return properties;
	}

	public static void writeConfiguration(Path file, Properties properties) {
		try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			properties.store(out, "Written by " + KraftConfiguration.class.getName());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The cluster ID a data directory was formatted with; null for a new one. */
	public static String existingClusterId(Path logDirectory) {
		Path meta = logDirectory.resolve("meta.properties");
		if (!Files.exists(meta)) {
			return null;
		}
		var properties = new Properties();
		try (var in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties.getProperty("cluster.id");
	}

	public static int freePort() {
		try (var socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
