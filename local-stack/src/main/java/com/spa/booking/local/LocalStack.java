package com.spa.booking.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import com.spa.booking.gateway.GatewayApplication;
import com.spa.booking.infra.DurableKafkaServer;
import com.spa.booking.infra.EmbeddedKafkaServer;
import com.spa.booking.infra.EmbeddedPostgresServer;
import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;
import com.spa.booking.worker.WorkerApplication;

/**
 * The whole stack in one process, for a developer with nothing but a JDK: a real Kafka broker, a real PostgreSQL, the
 * worker and the gateway, with demo data. {@code ./run-local} starts it; the end-to-end tests start it too.
 */
public final class LocalStack implements AutoCloseable {

	/**
	 * @param port the gateway's HTTP port, 0 for any free one
	 * @param dataDirectory where PostgreSQL keeps its data; null for a throwaway directory
	 * @param properties extra Spring properties for both applications
	 * @param demoData whether to load the demo spa; tests do without it, since its closures fall on fixed dates
	 * @param issuerPort the local OAuth2 issuer's port, 0 for any free one; none is started when the properties name
	 * an issuer ({@value #ISSUER_URI})
	 * @param kafkaPort the broker's port, when it keeps its data
	 * @param kafkaDataDirectory where the broker keeps its log, so that topics and records outlive a restart; null for a
	 * throwaway broker on any free port
	 */
	public record Options(int port, Path dataDirectory, Map<String, Object> properties, boolean demoData,
			int issuerPort, int kafkaPort, Path kafkaDataDirectory) {
	}

	/** Where the gateway finds the issuer whose tokens it accepts. */
	public static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	/** The demo spa of {@code ./run-local}; applying it again changes nothing. */
	public static final String DEMO_DATA = "demo-data.sql";

	private final Postgres postgres;

	private final Kafka kafka;

	private final ConfigurableApplicationContext worker;

	/** null when the tests bring their own */
	private final ConfigurableApplicationContext issuer;

	private final Map<String, Object> gatewayProperties;

	private ConfigurableApplicationContext gateway;

	private LocalStack(Postgres postgres, Kafka kafka, ConfigurableApplicationContext worker,
			ConfigurableApplicationContext issuer, Map<String, Object> gatewayProperties) {
		this.postgres = postgres;
		this.kafka = kafka;
		this.worker = worker;
		this.issuer = issuer;
		this.gatewayProperties = gatewayProperties;
		this.gateway = startGateway(gatewayProperties);
	}

	private static ConfigurableApplicationContext startGateway(Map<String, Object> properties) {
		return GatewayApplication.application().run(arguments(properties));
	}

	/** Stops the gateway and starts a new one (on a new port if the port was chosen freely). */
	public void restartGateway() {
		gateway.close();
		gateway = startGateway(gatewayProperties);
		awaitConsumersAssigned();
	}

	public static LocalStack start(Options options) {
		// without data directories, throwaway servers
		Postgres postgres = options.dataDirectory() != null ? EmbeddedPostgresServer.start(options.dataDirectory(), 0)
				: EmbeddedPostgresServer.start();
		Kafka kafka = options.kafkaDataDirectory() != null
				? DurableKafkaServer.start(options.kafkaDataDirectory(), options.kafkaPort()) : EmbeddedKafkaServer.start(0);
		return start(options, postgres, kafka);
	}

	/** The stack on servers the caller started (the tests' may be containers); it stops them when it is closed. */
	public static LocalStack start(Options options, Postgres postgres, Kafka kafka) {
		Map<String, Object> shared = new LinkedHashMap<>();
		shared.put("spring.datasource.url", postgres.jdbcUrl());
		shared.put("spring.datasource.username", postgres.username());
		shared.put("spring.datasource.password", postgres.password());
		shared.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
		shared.put("spring.main.register-shutdown-hook", false);
		shared.putAll(options.properties());

		// the worker first: it owns the schema the gateway reads
		Map<String, Object> workerProperties = new LinkedHashMap<>(shared);
		workerProperties.put("server.port", 0);
		ConfigurableApplicationContext worker = WorkerApplication.application().run(arguments(workerProperties));
		if (options.demoData()) {
			new ResourceDatabasePopulator(new ClassPathResource(DEMO_DATA)).execute(worker.getBean(DataSource.class));
		}
		Map<String, Object> gatewayProperties = new LinkedHashMap<>();
		gatewayProperties.put("management.server.port", 0);
		gatewayProperties.putAll(shared);
		gatewayProperties.put("server.port", options.port());
		ConfigurableApplicationContext issuer = null;
		if (!gatewayProperties.containsKey(ISSUER_URI)) {
			issuer = LocalIssuer.start(options.issuerPort());
			gatewayProperties.put(ISSUER_URI, LocalIssuer.issuerUri(issuer));
		}
		LocalStack stack = new LocalStack(postgres, kafka, worker, issuer, gatewayProperties);
		stack.awaitConsumersAssigned();
		return stack;
	}

	/** As command-line arguments, so that they win over the applications' own configuration files. */
	private static String[] arguments(Map<String, Object> properties) {
		return properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
	}

	/** Until every consumer has its partitions, a result could pass by unseen: "ready" waits for them. */
	private void awaitConsumersAssigned() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { worker, gateway }) {
			for (MessageListenerContainer container : context.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainers()) {
				long deadline = System.nanoTime() + 60_000_000_000L;
				while (container.getAssignedPartitions() == null || container.getAssignedPartitions().isEmpty()) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("No partitions assigned to " + container.getListenerId());
					}
					try {
						Thread.sleep(50);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				}
			}
		}
	}

	public String gatewayUrl() {
		int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
		return "http://localhost:" + port;
	}

	/** The gateway's actuator (health, metrics), on a port of its own, never the API's. */
	public String gatewayManagementUrl() {
		return "http://localhost:" + gateway.getEnvironment().getProperty("local.management.port");
	}

	/** The issuer whose tokens the gateway accepts. */
	public String issuerUri() {
		return (String) gatewayProperties.get(ISSUER_URI);
	}

	/** The worker serves only its actuator endpoints: health, metrics. */
	public String workerUrl() {
		int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
		return "http://localhost:" + port;
	}

	public String kafkaBootstrapServers() {
		return kafka.bootstrapServers();
	}

	public String jdbcUrl() {
		return postgres.jdbcUrl();
	}

	public String jdbcUsername() {
		return postgres.username();
	}

	public String jdbcPassword() {
		return postgres.password();
	}

	public ConfigurableApplicationContext worker() {
		return worker;
	}

	public ConfigurableApplicationContext gateway() {
		return gateway;
	}

	/** Stops in the order that lets in-flight work finish: gateway, worker, then the broker and the database. */
	@Override
	public void close() {
		gateway.close();
		worker.close();
		if (issuer != null) {
			issuer.close();
		}
		kafka.close();
		postgres.close();
	}

	public static void main(String[] args) throws InterruptedException {
		int port = 8080;
		int issuerPort = 9000;
		int kafkaPort = 9092;
		Path dataDirectory = Path.of(".local-stack", "postgres");
		Path kafkaDataDirectory = Path.of(".local-stack", "kafka");
		boolean fresh = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(args[++i]);
				case "--issuer-port" -> issuerPort = Integer.parseInt(args[++i]);
				case "--data-dir" -> dataDirectory = Path.of(args[++i]);
				case "--kafka-port" -> kafkaPort = Integer.parseInt(args[++i]);
				case "--kafka-data-dir" -> kafkaDataDirectory = Path.of(args[++i]);
				case "--fresh" -> fresh = true;
				case "--help", "-h" -> {
					System.out.println("""
							Usage: ./run-local [--port N] [--issuer-port N] [--kafka-port N] [--fresh] [--data-dir DIR]
							                   [--kafka-data-dir DIR]
							  --port N              the gateway's HTTP port (default 8080)
							  --issuer-port N       the local OAuth2 issuer's port (default 9000)
							  --kafka-port N        the Kafka broker's port (default 9092)
							  --fresh               wipe the database and the broker's topics first
							  --data-dir DIR        where PostgreSQL keeps its data (default .local-stack/postgres)
							  --kafka-data-dir DIR  where Kafka keeps its topics (default .local-stack/kafka)""");
					return;
				}
				default -> {
					System.err.println("Unknown option " + args[i] + " (try --help)");
					System.exit(2);
				}
			}
		}
		if (fresh) {
			deleteRecursively(dataDirectory);
			deleteRecursively(kafkaDataDirectory);
		}
		createDirectories(dataDirectory);

		LocalStack stack = start(new Options(port, dataDirectory.toAbsolutePath(), Map.of(), true, issuerPort, kafkaPort,
				kafkaDataDirectory.toAbsolutePath()));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping...");
			stack.close();
			System.out.println("Stopped.");
			stopped.countDown();
		}, "local-stack-stop"));
		System.out.println("Kafka at " + stack.kafkaBootstrapServers() + " (topics kept in " + kafkaDataDirectory
				+ "; watch the events with ./watch-events)");
		System.out.println("PostgreSQL at " + stack.jdbcUrl() + " (user postgres, data in " + dataDirectory + ")");
		System.out.println("Worker health and metrics at " + stack.workerUrl() + "/actuator");
		System.out.println("Gateway health and metrics at " + stack.gatewayManagementUrl() + "/actuator");
		System.out.println("Tokens at " + stack.issuerUri() + "/oauth2/token (client local-dev, secret local-dev;"
				+ " see docs/security.md)");
		System.out.println("Gateway ready at " + stack.gatewayUrl());
		// the loopback address, not localhost: OAuth2 sign-in redirects back only to 127.0.0.1 (docs/security.md)
		String pages = stack.gatewayUrl().replace("//localhost", "//127.0.0.1");
		System.out.println("Booking page at " + pages + "/ (sign in as dana/dana or ben/ben), front desk at " + pages
				+ "/front-desk (desk/desk)");
		System.out.println("Press Ctrl-C to stop.");
		stopped.await();
	}

	private static void createDirectories(Path directory) {
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Also for tests that throw away a server's data. */
	public static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
