package com.spa.booking.e2e.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import com.spa.booking.gateway.GatewayApplication;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.WorkerApplication;

import com.spa.booking.local.LocalStack;

/**
 * A booking pipeline of a fault test's own: a database, topics and a consumer group of its own on a shared broker and
 * PostgreSQL server, so that whatever the test breaks touches no other test. Workers run in this JVM, or in a JVM of
 * their own when the test must kill one outright.
 */
public final class Pipeline implements AutoCloseable {

	public static final int PARTITIONS = 6;

	/** Two consumers per worker: with two workers, each consumer has partitions of its own. */
	public static final int CONSUMERS_PER_WORKER = 2;

	private final String bootstrapServers;

	private final FreshDatabase database;

	private final String prefix;

	private final List<AutoCloseable> running = new ArrayList<>();

	private final Admin admin;

	private final Runnable dropDatabase;

	private TopicRecorder<CommandResult> results;

	private TopicRecorder<BookingEvent> events;

	private Pipeline(String bootstrapServers, FreshDatabase database, String prefix, Runnable dropDatabase) {
		this.bootstrapServers = bootstrapServers;
		this.database = database;
		this.prefix = prefix;
		this.dropDatabase = dropDatabase;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000));
	}

	/** On the test stack's broker and PostgreSQL server. */
	public static Pipeline onTestStack(String name) {
		LocalStack stack = TestStack.get();
		return on(stack, stack.kafkaBootstrapServers(), name);
	}

	/** On the test stack's PostgreSQL server and the given broker. */
	public static Pipeline on(LocalStack stack, String bootstrapServers, String name) {
		FreshDatabase database = FreshDatabase.on(stack);
		return new Pipeline(bootstrapServers, database, name + "-" + UUID.randomUUID(), () -> database.dropOn(stack));
	}

	/** On the given broker and database, which the caller disposes of; the first worker migrates it if it is empty. */
	public static Pipeline on(String bootstrapServers, FreshDatabase database, String name) {
		return new Pipeline(bootstrapServers, database, name + "-" + UUID.randomUUID(), () -> {
		});
	}

	/**
	 * The properties both applications need to join this pipeline, as command-line arguments; an extra one of the
	 * same name replaces the pipeline's.
	 */
	public List<String> arguments(String... extra) {
		Map<String, String> arguments = new LinkedHashMap<>();
		Stream.concat(Stream.of("--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--spring.kafka.bootstrap-servers=" + bootstrapServers, "--server.port=0",
				"--spring.main.register-shutdown-hook=false", "--booking.topics.commands=" + commandsTopic(),
				"--booking.topics.results=" + resultsTopic(), "--booking.topics.events=" + eventsTopic(),
				"--booking.topics.partitions=" + PARTITIONS, "--booking.worker.group-id=" + workerGroup(),
				"--booking.expiry-sweep-interval=500ms", "--spring.kafka.listener.concurrency=" + CONSUMERS_PER_WORKER),
				Arrays.stream(extra))
			.forEach(argument -> arguments.put(argument.contains("=") ? argument.substring(0, argument.indexOf('='))
					: argument, argument));
		return new ArrayList<>(arguments.values());
	}

	/** A worker in this JVM, returned once its consumers have their partitions. */
	public ConfigurableApplicationContext startWorker(String... extra) {
		return startWorker(WorkerApplication.application(), extra);
	}

	public ConfigurableApplicationContext startWorker(SpringApplicationBuilder application, String... extra) {
		ConfigurableApplicationContext worker = application.run(arguments(extra).toArray(String[]::new));
		running.add(worker);
		awaitAssigned(worker);
		startRecorders();
		return worker;
	}

	/** A worker in a JVM of its own, returned once it is a member of the group with partitions of its own. */
	public WorkerProcess startWorkerProcess(String... extra) throws Exception {
		int membersBefore = membersWithPartitions();
		WorkerProcess worker = WorkerProcess.start(arguments(extra));
		running.add(worker);
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(200))
			.failFast("worker process ended", () -> !worker.isAlive())
			.until(() -> membersWithPartitions() > membersBefore);
		startRecorders();
		return worker;
	}

	public ConfigurableApplicationContext startGateway(String... extra) {
		String[] withTokens = Stream.concat(TestIssuer.gatewayArguments().stream(), Arrays.stream(extra))
			.toArray(String[]::new);
		ConfigurableApplicationContext gateway = GatewayApplication.application()
			.run(arguments(withTokens).toArray(String[]::new));
		running.add(gateway);
		awaitAssigned(gateway);
		return gateway;
	}

	/** Customers booking through the gateway; they stop when the pipeline closes, if the test has not stopped them. */
	public Workload workload(ConfigurableApplicationContext gateway, Random random, int therapists, int customers) {
		Workload workload = new Workload(fixtures(), api(gateway), random, therapists, customers);
		running.add(workload);
		return workload;
	}

	public static Api api(ConfigurableApplicationContext gateway) {
		return new Api("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
	}

	/** Members of the worker group that have partitions assigned, as the group coordinator sees it. */
	public int membersWithPartitions() throws InterruptedException, ExecutionException, TimeoutException {
		org.apache.kafka.clients.admin.ConsumerGroupDescription group;
		try {
			group = admin.describeConsumerGroups(List.of(workerGroup())).describedGroups().get(workerGroup())
				.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
				// no worker has joined yet: the first one started in a JVM of its own
				return 0;
			}
			throw ex;
		}
		return (int) group
			.members()
			.stream()
			.map(MemberDescription::assignment)
			.filter(assignment -> !assignment.topicPartitions().isEmpty())
			.count();
	}

	/** Forgets the worker group at the broker, offsets and all, as Kafka does with a group left empty too long. */
	public void deleteWorkerGroup() throws InterruptedException, ExecutionException, TimeoutException {
		admin.deleteConsumerGroups(List.of(workerGroup())).all().get(30, TimeUnit.SECONDS);
	}

	private void startRecorders() {
		if (results == null) {
			results = new TopicRecorder<>(bootstrapServers, Messages::result, resultsTopic());
			events = TopicRecorder.ofKnown(bootstrapServers, Messages::bookingEvent, eventsTopic());
		}
	}

	public TopicRecorder<CommandResult> results() {
		return results;
	}

	public TopicRecorder<BookingEvent> events() {
		return events;
	}

	public JdbcClient jdbc() {
		return database.jdbc();
	}

	/** The pipeline's database, for a test that needs a connection of its own (a transaction it keeps open). */
	public FreshDatabase database() {
		return database;
	}

	public Fixtures fixtures() {
		return new Fixtures(jdbc());
	}

	public String commandsTopic() {
		return prefix + ".commands";
	}

	public String resultsTopic() {
		return prefix + ".results";
	}

	public String eventsTopic() {
		return prefix + ".events";
	}

	public String workerGroup() {
		return prefix;
	}

	public String bootstrapServers() {
		return bootstrapServers;
	}

	/**
	 * Stops what is still running, the last started first, each whatever became of the others; then deletes the
	 * pipeline's topics and database, so that many rounds leave nothing behind on the shared broker and server.
	 */
	@Override
	public void close() throws Exception {
		Exception failure = null;
		List<AutoCloseable> closing = new ArrayList<>(running);
		if (results != null) {
			closing.add(0, results);
			closing.add(0, events);
		}
		// those that were made: a pipeline without a worker has no dead-letter topic
		closing.add(0, () -> {
			java.util.Set<String> made = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			admin.deleteTopics(Stream.of(commandsTopic(), commandsTopic() + ".DLT", resultsTopic(), eventsTopic())
				.filter(made::contains)
				.toList()).all().get(30, TimeUnit.SECONDS);
		});
		closing.add(0, admin);
		closing.add(0, dropDatabase::run);
		for (int i = closing.size() - 1; i >= 0; i--) {
			try {
				closing.get(i).close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private static void awaitAssigned(ConfigurableApplicationContext context) {
		await().atMost(Duration.ofSeconds(60)).until(() -> context.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainers()
			.stream()
			.allMatch(container -> container.getAssignedPartitions() != null && !container.getAssignedPartitions().isEmpty()));
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Path temporaryDirectory(String name) {
		try {
			return Files.createTempDirectory(name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Stream<String> lines(Path file) {
		try {
			return Files.exists(file) ? Files.readAllLines(file).stream() : Stream.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
