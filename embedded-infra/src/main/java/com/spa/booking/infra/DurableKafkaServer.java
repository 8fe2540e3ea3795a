package com.spa.booking.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka broker (KRaft) in this JVM, on a port of your choosing, keeping its log in a directory: for
 * {@code ./run-local}, so that a consumer an integrator points at {@code localhost:9092} finds the broker there again
 * after a restart, with its topics, records and committed offsets. Unlike {@link KafkaBrokerProcess}, it needs no class
 * path of plain jars, so it runs from the executable jar too.
 */
public final class DurableKafkaServer implements Kafka {

	private final KafkaRaftServer server;

	private final FileChannel lockFile;

	private final int port;

	private DurableKafkaServer(KafkaRaftServer server, FileChannel lockFile, int port) {
		this.server = server;
		this.lockFile = lockFile;
		this.port = port;
	}

	/**
	 * @param dataDirectory formatted with a new cluster ID if new; otherwise everything in it is kept
	 * @throws IllegalStateException if another broker runs on the directory
	 */
	public static DurableKafkaServer start(Path dataDirectory, int port) {
		Path directory = dataDirectory.toAbsolutePath();
		FileChannel lock = null;
		try {
			Files.createDirectories(directory);
			lock = FileChannel.open(directory.resolve("broker.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			if (!locked(lock)) {
				throw new IllegalStateException("Another Kafka broker runs on " + directory);
			}
			Properties properties = KraftConfiguration.brokerProperties(directory, port, KraftConfiguration.freePort());
			Path config = directory.resolve("server.properties");
			KraftConfiguration.writeConfiguration(config, properties);
			if (KraftConfiguration.existingClusterId(directory.resolve("logs")) == null) {
				format(config);
			}
			var server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
			server.startup();
			return new DurableKafkaServer(server, lock, port);
		}
		catch (IOException ex) {
			close(lock);
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			close(lock);
			throw ex;
		}
	}

	/** Whether this process now holds the lock; not if another process, or this one, already does. */
	private static boolean locked(FileChannel lock) throws IOException {
		try {
			return lock.tryLock() != null;
		}
		catch (OverlappingFileLockException heldHere) {
			return false;
		}
	}

	private static void format(Path config) {
		try {
			int exit = kafka.tools.StorageTool.execute(new String[] { "format", "--config", config.toString(),
					"--cluster-id", Uuid.randomUuid().toString() }, System.out);
			if (exit != 0) {
				throw new IllegalStateException("Could not format the Kafka log directory (exit " + exit + ")");
			}
		}
		// Scala code may throw checked exceptions undeclared
		catch (Exception ex) {
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Could not format the Kafka log directory", ex);
		}
	}

	@Override
	public String bootstrapServers() {
		return "localhost:" + port;
	}

	/** A controlled shutdown: the log is closed cleanly, and the next start finds everything. */
	@Override
	public void close() {
		server.shutdown();
		server.awaitShutdown();
		close(lockFile);
	}

	private static void close(FileChannel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.close();
		}
		catch (IOException ex) {
			// the lock goes with the process anyway
		}
	}
}
