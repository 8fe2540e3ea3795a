package com.spa.booking.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.EmbeddedKafkaServer;
import com.spa.booking.infra.KraftConfiguration;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) in a child JVM, with its log in a directory
 * that outlives the process. Unlike {@link EmbeddedKafkaServer}, it can be killed like a crashed server and started
 * again on the same port with the same cluster ID, topics, records and committed offsets: for tests of what the
 * applications do when the broker goes away and comes back.
 * <p>
 * The child runs from this JVM's class path, which must therefore hold the Kafka server jars as plain jars (Maven,
 * Surefire and IDEs do; a Spring Boot executable jar does not). Its output goes to {@code broker.log} in the data
 * directory, at WARN level.
 */
public final class KafkaBrokerProcess implements Kafka {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

	private static final int LOG_TAIL_LINES = 40;

	private final Path dataDirectory;

	private final int port;

	private final int controllerPort;

	private final String clusterId;

	private Process process;

	private KafkaBrokerProcess(Path dataDirectory, int port, int controllerPort, String clusterId) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.controllerPort = controllerPort;
		this.clusterId = clusterId;
	}

	/**
	 * Starts a broker on free ports, kept for {@link #restart()}, and waits until it answers clients. A new data
	 * directory is formatted with a new cluster ID; one used before keeps its cluster ID and everything in it.
	 */
	public static KafkaBrokerProcess start(Path dataDirectory) {
		Path directory = dataDirectory.toAbsolutePath();
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String existingClusterId = KraftConfiguration.existingClusterId(directory.resolve("logs"));
		var broker = new KafkaBrokerProcess(directory, KraftConfiguration.freePort(), KraftConfiguration.freePort(),
				existingClusterId != null ? existingClusterId : Uuid.randomUuid().toString());
		broker.launch(existingClusterId == null);
		return broker;
	}

	/**
	 * Kills the broker as a crash of its process would (SIGKILL): no controlled shutdown, nothing fsynced; what it
	 * wrote survives in the OS's page cache, as it would not a power cut.
	 */
	public synchronized void stop() {
		if (!running()) {
			return;
		}
		process.destroyForcibly();
		awaitExit();
	}

	/** Stops the broker the way an operator would (SIGTERM): controlled shutdown, logs closed cleanly. */
	public synchronized void stopGracefully() {
		if (!running()) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				awaitExit();
				throw new IllegalStateException("Kafka did not shut down within " + SHUTDOWN_TIMEOUT
						+ " and was killed; the tail of " + logFile() + ":\n" + logTail(0));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while Kafka was shutting down", ex);
		}
	}

	/**
	 * Starts the broker again, on the same ports and with the same data, and waits until it answers clients. If it is
	 * still running, it is killed first.
	 */
	public synchronized void restart() {
		stop();
		launch(false);
	}

	public synchronized boolean running() {
		return process != null && process.isAlive();
	}

	@Override
	public String bootstrapServers() {
		return "localhost:" + port;
	}

	public int port() {
		return port;
	}

	public String clusterId() {
		return clusterId;
	}

	/** Where the broker's output goes, across restarts. */
	public Path logFile() {
		return dataDirectory.resolve("broker.log");
	}

	/** Kills the broker if it runs; the data directory stays. */
	@Override
	public void close() {
		stop();
	}

	private synchronized void launch(boolean format) {
		// written on every launch: a later start on the same directory may have written other ports
		writeConfiguration();
		long logOffset = logSize();
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m",
				// a test broker: starting quickly matters more than peak throughput
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				// whichever SLF4J backend the class path holds, it must not log the broker's chatter, nor write to
				// the files an application's logback.xml names
				"-Dlogback.configurationFile=" + writeLogbackConfiguration(),
				"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true",
				"-Dlog4j2.level=WARN", "-cp", classPath(), Child.class.getName(),
				configFile().toString()));
		if (format) {
			command.add(clusterId);
		}
		try {
			process = new ProcessBuilder(command).directory(dataDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a JVM for Kafka", ex);
		}
		awaitReady(logOffset);
	}

	private void awaitReady(long logOffset) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		// a plain connect first: an admin client logs a warning for every rejected connection
		while (!accepts()) {
			checkAlive(deadline, logOffset);
			sleep(Duration.ofMillis(50));
		}
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200, AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG,
				200))) {
			while (true) {
				checkAlive(deadline, logOffset);
				try {
					String answered = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
						.clusterId()
						.get();
					if (!clusterId.equals(answered)) {
						fail("Another Kafka cluster (" + answered + ") answers on port " + port, logOffset);
					}
					return;
				}
				catch (ExecutionException ex) {
					sleep(Duration.ofMillis(100));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					fail("Interrupted while waiting for Kafka", logOffset);
				}
			}
		}
	}

	private boolean accepts() {
		try (var socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void checkAlive(long deadline, long logOffset) {
		if (!process.isAlive()) {
			fail("Kafka exited with code " + process.exitValue() + " while starting", logOffset);
		}
		if (System.nanoTime() > deadline) {
			fail("Kafka did not answer within " + STARTUP_TIMEOUT, logOffset);
		}
	}

	private void fail(String message, long logOffset) {
		process.destroyForcibly();
		awaitExit();
		throw new IllegalStateException(message + "; the tail of " + logFile() + ":\n" + logTail(logOffset));
	}

	private void awaitExit() {
		try {
			if (!process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Kafka (pid " + process.pid() + ") did not exit after being killed");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka to exit", ex);
		}
	}

	private void writeConfiguration() {
		KraftConfiguration.writeConfiguration(configFile(),
				KraftConfiguration.brokerProperties(dataDirectory, port, controllerPort));
	}

	private String writeLogbackConfiguration() {
		Path file = dataDirectory.resolve("broker-logback.xml");
		try {
			Files.writeString(file, """
					<configuration>
						<appender name="console" class="ch.qos.logback.core.ConsoleAppender">
							<encoder>
								<pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n</pattern>
							</encoder>
						</appender>
						<root level="WARN">
							<appender-ref ref="console"/>
						</root>
					</configuration>
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file.toString();
	}

	private Path configFile() {
		return dataDirectory.resolve("server.properties");
	}

	/** This JVM's class path, made absolute: the child runs in the data directory. */
	private static String classPath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.map(entry -> new File(entry).getAbsolutePath())
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private long logSize() {
		try {
			return Files.exists(logFile()) ? Files.size(logFile()) : 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last lines the broker wrote since {@code offset}. */
	private String logTail(long offset) {
		try (var channel = Files.newByteChannel(logFile())) {
			// the file grows across restarts: enough bytes for the lines wanted, not the whole file
			long from = Math.max(offset, channel.size() - 64 * 1024);
			var buffer = ByteBuffer.allocate((int) Math.max(0, channel.size() - from));
			channel.position(from);
			while (buffer.hasRemaining() && channel.read(buffer) > 0) {
				// read on
			}
			List<String> lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines()
				.toList();
			String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
			return tail.isEmpty() ? "(nothing: is there an SLF4J backend on the class path?)" : tail;
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
		}
	}

	/**
	 * The child JVM's entry point: formats the log directory when given a cluster ID, then runs Kafka until it is
	 * killed, or until the JVM that started it is gone (its end of our stdin closes), so that no broker outlives a
	 * test run that forgot to close it, holding the port and the data directory.
	 */
	static final class Child {

		/** Held for the life of the process; the OS lets go of it however the process ends. */
		private static FileChannel lock;

		private Child() {
		}

		public static void main(String[] args) throws IOException {
			Path config = Path.of(args[0]);
			// Kafka locks its log directory only after its controller has written to the metadata log there: a
			// second broker on the same directory would damage it before giving up
			lock = FileChannel.open(config.resolveSibling("broker.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			if (lock.tryLock() == null) {
				System.err.println("Another broker runs on " + config.getParent());
				System.exit(1);
			}
			if (args.length > 1) {
				try {
					kafka.tools.StorageTool.execute(
							new String[] { "format", "--config", config.toString(), "--cluster-id", args[1] },
							System.out);
				}
				// Scala code may throw checked exceptions undeclared
				catch (Exception ex) {
					ex.printStackTrace();
					System.exit(1);
				}
			}
			Thread watchdog = new Thread(Child::exitWhenOrphaned, "parent-watchdog");
			watchdog.setDaemon(true);
			watchdog.start();
			kafka.Kafka.main(new String[] { config.toString() });
		}

		private static void exitWhenOrphaned() {
			try {
				while (System.in.read() != -1) {
					// nothing is ever written to us
				}
			}
			catch (IOException ex) {
				// a broken pipe means the same
			}
			// a controlled shutdown, through Kafka's shutdown hook, unless that hangs
			Thread halt = new Thread(() -> {
				try {
					Thread.sleep(SHUTDOWN_TIMEOUT.toMillis());
				}
				catch (InterruptedException ex) {
					// halt now, then
				}
				Runtime.getRuntime().halt(1);
			}, "halt-after-timeout");
			halt.setDaemon(true);
			halt.start();
			System.exit(1);
		}
	}
}
