package com.spa.booking.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.spa.booking.infra.EmbeddedKafkaServer;
import com.spa.booking.infra.EmbeddedPostgresServer;
import com.spa.booking.infra.Kafka;

/**
 * {@code ./run-benchmark}: in one run, on one embedded PostgreSQL server and one embedded Kafka broker,
 * (a) the seed guide's locking recipe over JDBC at 1, 8 and 32 clients, with treatments of one length and of many, and
 * the double bookings it left; (b) the worker draining pre-loaded holds, for three spas, batched and one at a time,
 * with the overlaps it left (none); (c) HTTP end to end, open loop: saturation, latency at half of it, goodput at five
 * times it. Writes {@code results.csv}, {@code results.md} and {@code results.png} to the output directory.
 *
 * <p>Options: {@code --smoke} (seconds, not minutes: what CI runs), {@code --commands N} (20,000),
 * {@code --seconds S} per recipe run (10), {@code --step S} per HTTP rate (5), {@code --out DIR}
 * ({@code benchmarks/results}), {@code --only recipe|drain|http}, {@code --spa demo|uniform|skewed} and
 * {@code --mode batched|one} (the drain of one spa, one way), {@code --profile} (a JFR recording of each drain, in the
 * output directory, for JDK Mission Control or {@code jfr print}).
 */
public final class Benchmark {

	/** How each mode of the worker is configured. */
	static final String[] BATCHED = {};

	static final String[] ONE_AT_A_TIME = { "--booking.batch.max-records=1" };

	record Options(boolean smoke, int commands, Duration recipeRun, Duration httpStep, double firstRate, int maxRequests,
			Path out, String only, WorkerDrain.Spa spa, String mode, boolean profile) {

		static Options parse(String[] args) {
			boolean smoke = List.of(args).contains("--smoke");
			int commands = smoke ? 300 : 20_000;
			Duration recipe = Duration.ofSeconds(smoke ? 1 : 10);
			Duration step = Duration.ofSeconds(smoke ? 1 : 5);
			Path out = Path.of("benchmarks/results");
			String only = null;
			WorkerDrain.Spa spa = null;
			String mode = null;
			boolean profile = false;
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--commands" -> commands = Integer.parseInt(args[++i]);
					case "--seconds" -> recipe = Duration.ofSeconds(Long.parseLong(args[++i]));
					case "--step" -> step = Duration.ofSeconds(Long.parseLong(args[++i]));
					case "--out" -> out = Path.of(args[++i]);
					case "--only" -> only = args[++i];
					case "--spa" -> spa = WorkerDrain.Spa.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
					case "--mode" -> mode = args[++i];
					case "--profile" -> profile = true;
					case "--smoke" -> {
					}
					default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
				}
			}
			return new Options(smoke, commands, recipe, step, smoke ? 20 : 50, smoke ? 10_000 : 200_000, out, only, spa,
					mode, profile);
		}

		boolean runs(String part) {
			return only == null || only.equals(part);
		}
	}

	static final String USAGE = "options: --smoke --commands N --seconds S --step S --out DIR"
			+ " --only recipe|drain|http --spa demo|uniform|skewed --mode batched|one --profile";

	public static void main(String[] args) throws Exception {
		if (java.util.Arrays.asList(args).contains("--help")) {
			System.out.println("./run-benchmark [" + USAGE + "]");
			return;
		}
		System.setProperty("java.awt.headless", "true");
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException wrong) {
			System.err.println(wrong.getMessage());
			System.exit(2);
			return;
		}
		run(options);
		System.exit(0);
	}

	static Report run(Options options) throws Exception {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(); Kafka kafka = EmbeddedKafkaServer.start(0)) {
			Machine machine;
			try (Database probe = Database.create(postgres, "probe")) {
				machine = Machine.describe(probe.jdbc());
			}
			System.out.println("[benchmark] " + machine);
			Report report = new Report(machine, Instant.now(), options.smoke());
			if (options.runs("recipe")) {
				try (Database recipe = Database.create(postgres, "recipe")) {
					SeedRecipe.createSchema(recipe.jdbc());
					try (var pool = recipe.pool(40)) {
						for (boolean variable : new boolean[] { false, true }) {
							for (int clients : new int[] { 1, 8, 32 }) {
								SeedRecipe.Result result = SeedRecipe.run(pool, variable, clients, options.recipeRun(), 42);
								System.out.printf("[benchmark] recipe, %s, %d clients: %.0f transactions/s, %d booked, "
										+ "%d double bookings%n", result.lengths(), clients, result.transactionsPerSecond(),
										result.booked(), result.doubleBookings());
								report.recipe(result);
							}
						}
					}
				}
			}
			if (options.runs("drain")) {
				List<WorkerDrain.Spa> spas = options.spa() != null ? List.of(options.spa())
						: options.smoke() ? List.of(WorkerDrain.Spa.UNIFORM) : List.of(WorkerDrain.Spa.values());
				List<String> modes = options.mode() == null ? List.of("batched", "one at a time")
						: List.of(options.mode().startsWith("one") ? "one at a time" : "batched");
				for (WorkerDrain.Spa spa : spas) {
					for (String mode : modes) {
						Path recording = options.profile() ? options.out()
							.resolve("drain-" + spa.name().toLowerCase(java.util.Locale.ROOT) + "-"
									+ mode.replace(' ', '-') + ".jfr") : null;
						WorkerDrain.Result result = WorkerDrain.run(postgres, kafka, spa, mode, options.commands(), 7,
								recording, mode.equals("batched") ? BATCHED : ONE_AT_A_TIME);
						System.out.printf("[benchmark] drain, %s, %s: %d commands, %.0f applied/s, %.0f published/s, "
								+ "%d held, %d overlaps%n", spa.label, mode, result.commands(), result.appliedPerSecond(),
								result.publishedPerSecond(), result.held(), result.overlaps());
						report.drain(result);
					}
				}
			}
			if (options.runs("http")) {
				report.http(HttpLoad.run(postgres, kafka, options.httpStep(), options.firstRate(), options.maxRequests()));
			}
			report.write(options.out());
			System.out.println("[benchmark] written to " + options.out().toAbsolutePath());
			return report;
		}
	}

	private Benchmark() {
	}
}
