package com.spa.booking.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.spa.booking.infra.EmbeddedKafkaServer;
import com.spa.booking.infra.Kafka;

/**
 * {@code ./run-benchmark}: in one run, on one embedded PostgreSQL server (with {@code pg_stat_statements}) and one
 * embedded Kafka broker,
 * <ol>
 * <li>{@code recipe}: the seed guide's locking recipe over JDBC at 1, 8 and 32 clients, with treatments of one length
 * and of many, and the double bookings it left;</li>
 * <li>{@code correct}: that recipe made correct (the worker's schema and constraints, the therapist's row locked, an
 * idempotency row and an event row) at 1, 8 and 32 clients, uniform and with 80 % on one therapist;</li>
 * <li>{@code drain}: the worker draining pre-loaded holds for three spas, batched (one at a time with
 * {@code --mode one} or {@code both}), timed from the database and the broker, with a statement profile of each;</li>
 * <li>{@code http}: HTTP end to end, driven by wrk at 1, 4, 16 and 64 connections;</li>
 * <li>{@code memory}: {@code ./run-local}'s resident memory after 20,000 holds, the local stack as a process of its
 * own.</li>
 * </ol>
 * Writes {@code results.csv}, {@code goals.csv}, {@code statements.csv}, {@code results.md} and {@code results.png}
 * to the output directory, then fails (exit 1) if a batched drain fell back to one command at a time, anything was
 * double-booked by the worker or the correct recipe, a request was left unanswered, or a part broke.
 */
public final class Benchmark {

	static final List<String> PARTS = List.of("recipe", "correct", "drain", "http", "memory");

	record Options(boolean smoke, int commands, Duration recipeRun, Duration httpStep, Duration warmUp, int holds,
			Path out, Set<String> only, WorkerDrain.Spa spa, String mode, boolean profile, Path localStackJar) {

		static Options parse(String[] args) {
			boolean smoke = List.of(args).contains("--smoke");
			int commands = smoke ? 300 : 20_000;
			Duration recipe = Duration.ofSeconds(smoke ? 1 : 10);
			Duration step = Duration.ofSeconds(smoke ? 1 : 15);
			// the JIT compiler takes a core for a minute or more once the applications start: measured warm
			Duration warmUp = Duration.ofSeconds(smoke ? 1 : 60);
			int holds = smoke ? 300 : 20_000;
			Path out = Path.of("benchmarks/results");
			Set<String> only = null;
			WorkerDrain.Spa spa = null;
			String mode = "batched";
			boolean profile = false;
			Path jar = null;
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--commands" -> commands = Integer.parseInt(args[++i]);
					case "--seconds" -> recipe = Duration.ofSeconds(Long.parseLong(args[++i]));
					case "--step" -> step = Duration.ofSeconds(Long.parseLong(args[++i]));
					case "--warm-up" -> warmUp = Duration.ofSeconds(Long.parseLong(args[++i]));
					case "--holds" -> holds = Integer.parseInt(args[++i]);
					case "--out" -> out = Path.of(args[++i]);
					case "--only" -> {
						only = Set.of(args[++i].split(","));
						if (!PARTS.containsAll(only)) {
							throw new IllegalArgumentException("Unknown part in --only " + String.join(",", only) + "; "
									+ USAGE);
						}
					}
					case "--spa" -> spa = WorkerDrain.Spa.valueOf(args[++i].toUpperCase(Locale.ROOT));
					case "--mode" -> {
						mode = args[++i];
						if (!List.of("batched", "one", "both").contains(mode)) {
							throw new IllegalArgumentException("Unknown mode " + mode + "; " + USAGE);
						}
					}
					case "--profile" -> profile = true;
					case "--local-stack-jar" -> jar = Path.of(args[++i]);
					case "--smoke" -> {
					}
					default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
				}
			}
			// the memory part starts a whole stack of its own: not part of a smoke run unless asked for
			if (only == null && smoke) {
				only = Set.of("recipe", "correct", "drain", "http");
			}
			return new Options(smoke, commands, recipe, step, warmUp, holds, out, only, spa, mode, profile, jar);
		}

		boolean runs(String part) {
			return only == null || only.contains(part);
		}

		List<String> modes() {
			return switch (mode) {
				case "one" -> List.of(WorkerDrain.ONE_AT_A_TIME);
				case "both" -> List.of(WorkerDrain.BATCHED, WorkerDrain.ONE_AT_A_TIME);
				default -> List.of(WorkerDrain.BATCHED);
			};
		}
	}

	static final String USAGE = "options: --smoke --commands N --seconds S --step S --warm-up S --holds N --out DIR"
			+ " --only recipe,correct,drain,http,memory --spa demo|uniform|skewed --mode batched|one|both --profile"
			+ " --local-stack-jar PATH";

	/** How each mode of the worker is configured. */
	static String[] workerArguments(String mode) {
		return mode.equals(WorkerDrain.BATCHED) ? new String[0] : new String[] { "--booking.batch.max-records=1" };
	}

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
		Report report = run(options);
		if (!report.failures().isEmpty()) {
			System.out.println("[benchmark] FAILED (the figures are written all the same):");
			report.failures().forEach(failure -> System.out.println("[benchmark]   " + failure));
			System.exit(1);
		}
		System.exit(0);
	}

	static Report run(Options options) throws Exception {
		Report report;
		Path wrk = Wrk.find().orElse(null);
		boolean needsWrk = options.runs("http") || options.runs("memory");
		try (BenchmarkPostgres postgres = BenchmarkPostgres.start(); Kafka kafka = EmbeddedKafkaServer.start(0)) {
			Machine machine;
			try (Database probe = Database.create(postgres, "probe")) {
				machine = Machine.describe(probe.jdbc());
			}
			System.out.println("[benchmark] " + machine);
			report = new Report(machine, Instant.now(), options.smoke());
			if (wrk != null) {
				report.wrkVersion(wrkVersion(wrk));
			}
			else if (needsWrk) {
				report.fail(Wrk.missing());
			}
			StatementProfiles profiles = StatementProfiles.on(postgres);
			if (!profiles.available()) {
				report.note(profiles.unavailable());
			}
			try {
				if (options.runs("recipe")) {
					part(report, "recipe", () -> recipe(postgres, options, report));
				}
				if (options.runs("correct")) {
					part(report, "correct recipe", () -> correct(postgres, profiles, options, report));
				}
				if (options.runs("drain")) {
					part(report, "drain", () -> drains(postgres, kafka, profiles, options, report));
				}
				if (options.runs("http") && wrk != null) {
					part(report, "HTTP", () -> report.http(HttpLoad.run(postgres, kafka, wrk, options.warmUp(),
							options.httpStep())));
				}
			}
			finally {
				report.write(options.out());
			}
		}
		if (options.runs("memory") && wrk != null) {
			part(report, "memory", () -> {
				Path jar = MemoryRun.findJar(options.localStackJar()).orElseThrow(() -> new IllegalStateException(
						"No local-stack/target/local-stack-exec.jar: build it with ./mvnw -pl local-stack -am package"
								+ " -DskipTests, or name it with --local-stack-jar"));
				report.memory(MemoryRun.run(jar, wrk, options.holds()));
			});
		}
		report.write(options.out());
		System.out.println("[benchmark] written to " + options.out().toAbsolutePath());
		for (Goals.Goal goal : Goals.of(report)) {
			System.out.printf("[benchmark] goal: %s: %s (%s) %s%n", goal.name(), goal.measured(), goal.target(),
					goal.verdict());
		}
		return report;
	}

	private interface Part {

		void run() throws Exception;
	}

	/** Runs a part; if it breaks, the run goes on with the next and fails at the end. */
	private static void part(Report report, String name, Part part) {
		long started = System.nanoTime();
		try {
			part.run();
			System.out.printf("[benchmark] the %s part took %.0f s (load average now %s)%n", name,
					(System.nanoTime() - started) / 1e9, Report.loadAverage());
		}
		catch (Exception | AssertionError ex) {
			ex.printStackTrace(System.out);
			report.fail("the " + name + " part broke: " + ex);
		}
	}

	private static void recipe(BenchmarkPostgres postgres, Options options, Report report) throws Exception {
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

	private static void correct(BenchmarkPostgres postgres, StatementProfiles profiles, Options options, Report report)
			throws Exception {
		try (Database database = Database.withBookingSchema(postgres, "correct")) {
			CorrectRecipe recipe = CorrectRecipe.prepare(database);
			for (CorrectRecipe.Load load : CorrectRecipe.Load.values()) {
				for (int clients : new int[] { 1, 8, 32 }) {
					// each load's 8-client run profiled, as the drains are
					CorrectRecipe.Result result = recipe.run(load, clients, options.recipeRun(), 42,
							clients == 8 ? profiles : null);
					System.out.printf("[benchmark] correct recipe, %s, %d clients: %.0f transactions/s, %d held, "
							+ "%d conflicts, %d overlaps%n", load.label, clients, result.transactionsPerSecond(),
							result.held(), result.conflicts(), result.overlaps());
					report.correct(result);
				}
			}
		}
	}

	private static void drains(BenchmarkPostgres postgres, Kafka kafka, StatementProfiles profiles, Options options,
			Report report) throws Exception {
		List<WorkerDrain.Spa> spas = options.spa() != null ? List.of(options.spa())
				: options.smoke() ? List.of(WorkerDrain.Spa.UNIFORM) : List.of(WorkerDrain.Spa.values());
		if (!options.smoke()) {
			// the worker's code compiled by the JIT before the first drain measured, as it is in a worker that runs
			WorkerDrain.Result warm = WorkerDrain.run(postgres, kafka, profiles, WorkerDrain.Spa.UNIFORM, "batched",
					Math.min(options.commands(), 10_000), 3, null, workerArguments("batched"));
			System.out.printf("[benchmark] drain warm-up (not measured): %d commands, %.0f published/s%n",
					warm.commands(), warm.publishedPerSecond());
		}
		for (WorkerDrain.Spa spa : spas) {
			for (String mode : options.modes()) {
				Path recording = options.profile() ? options.out()
					.resolve("drain-" + spa.name().toLowerCase(Locale.ROOT) + "-" + mode.replace(' ', '-') + ".jfr")
						: null;
				WorkerDrain.Result result = WorkerDrain.run(postgres, kafka, profiles, spa, mode, options.commands(), 7,
						recording, workerArguments(mode));
				System.out.printf("[benchmark] drain, %s, %s: %d commands, %.0f recorded/s, %.0f published/s, "
						+ "%d held, %d overlaps, %d fallbacks%s%n", spa.label, mode, result.commands(),
						result.appliedPerSecond(), result.publishedPerSecond(), result.held(), result.overlaps(),
						result.fallbacks(), result.profile() == null ? ""
								: String.format(Locale.ROOT, ", %.1f statements per command",
										result.profile().statementsPerCommand()));
				report.drain(result);
			}
		}
	}

	private static String wrkVersion(Path wrk) {
		try {
			Process process = new ProcessBuilder(wrk.toString(), "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor(10, TimeUnit.SECONDS);
			return output.lines().findFirst().map(line -> line.replaceAll("\\s+Copyright.*", "")).orElse("wrk");
		}
		catch (IOException | InterruptedException ex) {
			return "wrk";
		}
	}

	private Benchmark() {
	}
}
