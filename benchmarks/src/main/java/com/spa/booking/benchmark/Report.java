package com.spa.booking.benchmark;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The figures of one run: {@code results.csv} (every figure), {@code goals.csv}, {@code statements.csv} (the statement
 * profiles) for tools, {@code results.md} for people and the docs, {@code results.png} for a glance. Also what went
 * wrong: a failure (a batch that fell back, an overlap, a request left unanswered, a part that broke) makes the run
 * fail once everything is written.
 */
final class Report {

	private final Machine machine;

	private final Instant started;

	private final boolean smoke;

	private String wrkVersion = "";

	private final List<SeedRecipe.Result> recipe = new ArrayList<>();

	private final List<CorrectRecipe.Result> correct = new ArrayList<>();

	private final List<WorkerDrain.Result> drains = new ArrayList<>();

	private HttpLoad.Result http;

	private MemoryRun.Result memory;

	private final List<String> notes = new ArrayList<>();

	private final List<String> failures = new ArrayList<>();

	/** The machine's load average when the run started: other work on it moves the figures. */
	private final String loadAtStart = loadAverage();

	Report(Machine machine, Instant started, boolean smoke) {
		this.machine = machine;
		this.started = started;
		this.smoke = smoke;
	}

	/** The first three fields of {@code /proc/loadavg}: the load averages of 1, 5 and 15 minutes. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException unknown) {
			return "unknown";
		}
	}

	void wrkVersion(String version) {
		this.wrkVersion = version;
	}

	void recipe(SeedRecipe.Result result) {
		recipe.add(result);
	}

	void correct(CorrectRecipe.Result result) {
		correct.add(result);
		if (result.overlaps() > 0) {
			fail("the correct recipe (" + result.load().label + ", " + result.clients() + " clients) left "
					+ result.overlaps() + " overlapping bookings");
		}
	}

	void drain(WorkerDrain.Result result) {
		drains.add(result);
		String drain = "the drain of " + result.spa().label + ", " + result.mode();
		if (result.batched() && result.fallbacks() > 0) {
			fail(drain + ": " + result.fallbacks() + " batches failed and were applied again one command at a time ("
					+ Apps.FALLBACKS + "); its rate is not the batched worker's (the worker's DEBUG lines above say why)");
		}
		if (result.overlaps() > 0) {
			fail(drain + " left " + result.overlaps() + " overlapping bookings");
		}
		if (result.answered() != result.commands()) {
			fail(drain + ": results for " + result.answered() + " commands on the topic, of " + result.commands());
		}
	}

	void http(HttpLoad.Result result) {
		this.http = result;
		if (result.fallbacks() > 0) {
			fail("HTTP: the worker applied " + result.fallbacks() + " failed batches again one command at a time ("
					+ Apps.FALLBACKS + ")");
		}
		if (result.overlaps() > 0) {
			fail("HTTP left " + result.overlaps() + " overlapping bookings");
		}
		if (result.unanswered() > 0) {
			fail("HTTP: " + result.unanswered() + " commands the gateway sent had no outcome a minute after the run");
		}
		for (HttpLoad.Step step : result.steps()) {
			if (step.wrk().exhausted()) {
				fail("HTTP at " + step.connections() + " connections ran out of customers made for it: its figures"
						+ " cover less than the run");
			}
		}
	}

	void memory(MemoryRun.Result result) {
		this.memory = result;
	}

	/** Something the reader should know that is no failure: a part skipped, say. */
	void note(String note) {
		notes.add(note);
	}

	void fail(String failure) {
		failures.add(failure);
		System.out.println("[benchmark] FAILURE: " + failure);
	}

	List<String> failures() {
		return failures;
	}

	List<SeedRecipe.Result> recipe() {
		return recipe;
	}

	List<CorrectRecipe.Result> correct() {
		return correct;
	}

	List<WorkerDrain.Result> drains() {
		return drains;
	}

	Optional<HttpLoad.Result> http() {
		return Optional.ofNullable(http);
	}

	Optional<MemoryRun.Result> memory() {
		return Optional.ofNullable(memory);
	}

	List<StatementProfiles.Profile> profiles() {
		List<StatementProfiles.Profile> profiles = new ArrayList<>();
		correct.stream().map(CorrectRecipe.Result::profile).filter(p -> p != null).forEach(profiles::add);
		drains.stream().map(WorkerDrain.Result::profile).filter(p -> p != null).forEach(profiles::add);
		return profiles;
	}

	/** The recipe's transactions per second at 8 clients, with treatments of many lengths: what the worker is held to. */
	Optional<Double> recipeAtEightClients() {
		return recipe.stream().filter(result -> result.clients() == 8 && result.lengths().startsWith("30"))
			.map(SeedRecipe.Result::transactionsPerSecond).findFirst();
	}

	void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("results.csv"), csv());
		Files.writeString(directory.resolve("goals.csv"), goalsCsv());
		Files.writeString(directory.resolve("statements.csv"), statementsCsv());
		Files.writeString(directory.resolve("results.md"), markdown());
		ImageIO.write(chart(), "png", directory.resolve("results.png").toFile());
	}

	String csv() {
		StringBuilder csv = new StringBuilder("part,scenario,mode,load,per_second,p50_ms,p99_ms,faults\n");
		for (SeedRecipe.Result r : recipe) {
			csv.append(row("recipe", r.lengths(), "SELECT FOR UPDATE", r.clients() + " clients", r.transactionsPerSecond(),
					null, null, r.doubleBookings() + " double bookings"));
		}
		for (CorrectRecipe.Result r : correct) {
			csv.append(row("correct recipe", r.load().label, "lock the therapist's row", r.clients() + " clients",
					r.transactionsPerSecond(), null, null,
					r.held() + " held; " + r.conflicts() + " conflicts; " + r.overlaps() + " overlaps"));
		}
		for (WorkerDrain.Result d : drains) {
			csv.append(row("drain", d.spa().label, d.mode(), d.commands() + " commands", d.appliedPerSecond(), null, null,
					d.overlaps() + " overlaps; " + fmt(d.publishedPerSecond()) + " published/s; " + d.held() + " held; "
							+ d.fallbacks() + " fallbacks; " + d.results() + " results"));
		}
		if (http != null) {
			for (HttpLoad.Step step : http.steps()) {
				csv.append(row("http", "conflict-free holds, Prefer: wait=10", "wrk", step.connections() + " connections",
						step.goodPerSecond(), step.wrk().p50Micros() / 1000.0, step.wrk().p99Micros() / 1000.0,
						statuses(step).replace(',', ';') + "; " + step.unanswered() + " unanswered"));
			}
		}
		if (memory != null) {
			csv.append(row("memory", "./run-local after " + memory.holds() + " holds", "./run-local",
					MemoryRun.CONNECTIONS + " connections", memory.held() / Math.max(memory.wrk().seconds(), 1e-3), null,
					null, memoryFigures().replace(',', ';')));
		}
		return csv.toString();
	}

	String goalsCsv() {
		StringBuilder csv = new StringBuilder("goal,measured,target,result\n");
		for (Goals.Goal goal : Goals.of(this)) {
			csv.append(String.join(",", quote(goal.name()), quote(goal.measured()), quote(goal.target()), goal.verdict()))
				.append('\n');
		}
		return csv.toString();
	}

	String statementsCsv() {
		StringBuilder csv = new StringBuilder("part,rank,calls,mean_ms,rows,total_ms,share,query\n");
		for (StatementProfiles.Profile profile : profiles()) {
			int rank = 1;
			for (StatementProfiles.Statement s : profile.top()) {
				csv.append(String.join(",", quote(profile.label()), Integer.toString(rank++), Long.toString(s.calls()),
						String.format(Locale.ROOT, "%.3f", s.meanMillis()), Long.toString(s.rows()),
						String.format(Locale.ROOT, "%.1f", s.totalMillis()),
						String.format(Locale.ROOT, "%.4f", s.share()), quote(s.query()))).append('\n');
			}
		}
		return csv.toString();
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("Measured ").append(started).append(smoke ? " (smoke run: too short to mean anything)" : "")
			.append(" on ").append(machine).append(wrkVersion.isEmpty() ? "" : "; " + wrkVersion)
			.append("; load average (1, 5, 15 min) ").append(loadAtStart).append(" at the start, ").append(loadAverage())
			.append(" at the end.\n\n");
		if (!failures.isEmpty()) {
			md.append("**The run FAILED:**\n\n");
			failures.forEach(failure -> md.append("- ").append(failure).append('\n'));
			md.append('\n');
		}
		notes.forEach(note -> md.append("Note: ").append(note).append("\n\n"));
		md.append("| part | scenario | mode | load | per second | p50 | p99 | left behind |\n")
			.append("|---|---|---|---|---:|---:|---:|---|\n");
		Optional<Double> yardstick = recipeAtEightClients();
		for (SeedRecipe.Result r : recipe) {
			md.append("| seed recipe | ").append(r.lengths()).append(" | `SELECT ... FOR UPDATE` | ").append(r.clients())
				.append(" clients | ").append(fmt(r.transactionsPerSecond())).append(" transactions | | | ")
				.append(r.doubleBookings()).append(" double bookings |\n");
		}
		for (CorrectRecipe.Result r : correct) {
			md.append("| correct recipe | ").append(r.load().label).append(" | lock the therapist's row | ")
				.append(r.clients()).append(" clients | ").append(fmt(r.transactionsPerSecond()))
				.append(" transactions | | | ").append(r.held()).append(" held, ").append(r.conflicts())
				.append(" conflicts, ").append(r.overlaps()).append(" overlaps |\n");
		}
		for (WorkerDrain.Result d : drains) {
			md.append("| worker drain | ").append(d.spa().label).append(" | ").append(d.mode()).append(" | ")
				.append(d.commands()).append(" holds | ").append(fmt(d.appliedPerSecond())).append(" recorded, ")
				.append(fmt(d.publishedPerSecond())).append(" published")
				.append(yardstick.map(y -> " (" + String.format(Locale.ROOT, "%.2f", d.publishedPerSecond() / y) + "x)")
					.orElse(""))
				.append(" | | | ").append(d.held()).append(" held, ").append(d.overlaps()).append(" overlaps, ")
				.append(d.fallbacks()).append(" fallbacks")
				.append(d.results() > d.answered() ? ", " + (d.results() - d.answered()) + " results sent twice" : "")
				.append(" |\n");
		}
		if (http != null) {
			for (HttpLoad.Step step : http.steps()) {
				md.append("| HTTP (wrk) | conflict-free holds, `Prefer: wait=10` | ").append(step.wrk().threads())
					.append(step.wrk().threads() == 1 ? " thread" : " threads").append(" | ").append(step.connections())
					.append(step.connections() == 1 ? " connection" : " connections").append(" | ")
					.append(fmt(step.goodPerSecond())).append(" holds | ")
					.append(String.format(Locale.ROOT, "%.1f ms | %.1f ms | ", step.wrk().p50Micros() / 1000.0,
							step.wrk().p99Micros() / 1000.0))
					.append(statuses(step)).append(", ").append(step.unanswered()).append(" unanswered |\n");
			}
		}
		if (memory != null) {
			md.append("| memory | `./run-local` after ").append(memory.holds()).append(" holds | `./run-local` | ")
				.append(MemoryRun.CONNECTIONS).append(" connections | ")
				.append(fmt(memory.held() / Math.max(memory.wrk().seconds(), 1e-3))).append(" holds | | | ")
				.append(memoryFigures()).append(" |\n");
		}
		md.append("\nThe drain's rate until every outcome was recorded (the last `processed_at`) and until every result"
				+ " was on the results topic (the last one's append time); the ratio is the latter to the seed recipe at"
				+ " 8 clients with treatments of 30 to 90 minutes. HTTP: wrk's latencies of all answers; holds are `201`"
				+ " answers within the run; statuses from the gateway's `http.server.requests`.\n");
		md.append("\n**Goals** (issue 18, item 7), from this run's figures:\n\n| goal | measured | target | result |\n")
			.append("|---|---|---|---|\n");
		for (Goals.Goal goal : Goals.of(this)) {
			md.append("| ").append(goal.name()).append(" | ").append(goal.measured()).append(" | ").append(goal.target())
				.append(" | ").append(goal.verdict()).append(" |\n");
		}
		for (StatementProfiles.Profile profile : profiles()) {
			md.append("\n**Statements: ").append(profile.label()).append("** (`pg_stat_statements`): ")
				.append(String.format(Locale.ROOT, "%,d statements for %,d commands, %.1f per command; ",
						profile.statements(), profile.commands(), profile.statementsPerCommand()))
				.append(profile.transactions() > 0
						? String.format(Locale.ROOT, "%,d transactions committed, %.2f per command, %.1f statements each; ",
								profile.transactions(), profile.transactionsPerCommand(),
								profile.statementsPerTransaction())
						: "")
				.append(String.format(Locale.ROOT, "%,.0f ms in statements, %.3f ms per command.%n%n",
						profile.totalMillis(), profile.commands() == 0 ? 0 : profile.totalMillis() / profile.commands()));
			md.append("| statement | calls | mean ms | rows | share of time |\n|---|---:|---:|---:|---:|\n");
			for (StatementProfiles.Statement s : profile.top()) {
				md.append("| `").append(abbreviate(s.query())).append("` | ").append(s.calls()).append(" | ")
					.append(String.format(Locale.ROOT, "%.3f", s.meanMillis())).append(" | ").append(s.rows())
					.append(" | ").append(String.format(Locale.ROOT, "%.1f %%", 100 * s.share())).append(" |\n");
			}
		}
		return md.toString();
	}

	private String memoryFigures() {
		return String.format(Locale.ROOT,
				"%d held, JVM VmRSS %,d MiB (peak %,d MiB); PostgreSQL %d processes: VmRSS %,d MiB summed, Pss %,d MiB",
				memory.held(), memory.jvmRssKib() / 1024, memory.jvmPeakKib() / 1024, memory.postgresProcesses(),
				memory.postgresRssKib() / 1024, memory.postgresPssKib() / 1024);
	}

	private static String statuses(HttpLoad.Step step) {
		String byStatus = step.statuses().isEmpty() ? "statuses unknown"
				: step.statuses().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
					.collect(Collectors.joining(", "));
		return byStatus + (step.wrk().non2xx() > 0 ? ", wrk: " + step.wrk().non2xx() + " non-2xx" : "")
				+ (step.wrk().errors() > 0 ? ", wrk: " + step.wrk().errors() + " socket errors" : "");
	}

	private static String abbreviate(String query) {
		String oneLine = query.replace('|', '¦').replace('`', '\'').strip();
		return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
	}

	/** Three charts: the worker beside both anchors; HTTP holds per second; HTTP latency. */
	private BufferedImage chart() {
		int width = 1400;
		int height = 800;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		throughput().draw(g, new Rectangle2D.Double(0, 0, 800, height));
		httpRate().draw(g, new Rectangle2D.Double(800, 0, 600, height / 2.0));
		httpLatency().draw(g, new Rectangle2D.Double(800, height / 2.0, 600, height / 2.0));
		g.dispose();
		return image;
	}

	private JFreeChart throughput() {
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		String uniform = "200 therapists, uniform";
		String skewed = "200 therapists, 80 % on one";
		recipeAtEightClients().ifPresent(rate -> data.addValue(rate, "seed recipe, 8 clients (30-90 min)", uniform));
		for (CorrectRecipe.Result r : correct) {
			data.addValue(r.transactionsPerSecond(), "correct recipe, " + r.clients() + " clients",
					r.load() == CorrectRecipe.Load.UNIFORM ? uniform : skewed);
		}
		for (WorkerDrain.Result d : drains) {
			data.addValue(d.publishedPerSecond(), "worker drain, " + d.mode(), d.spa().label);
		}
		return ChartFactory.createBarChart("The worker beside both anchors, " + machine.cores() + " cores"
				+ (smoke ? " (smoke run)" : ""), null, "transactions or commands per second", data,
				PlotOrientation.HORIZONTAL, true, false, false);
	}

	private JFreeChart httpRate() {
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		if (http != null) {
			for (HttpLoad.Step step : http.steps()) {
				data.addValue(step.goodPerSecond(), "holds (201) per second", Integer.toString(step.connections()));
			}
		}
		return ChartFactory.createBarChart("HTTP with wrk: holds per second", "connections", "per second", data,
				PlotOrientation.VERTICAL, false, false, false);
	}

	private JFreeChart httpLatency() {
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		if (http != null) {
			for (HttpLoad.Step step : http.steps()) {
				data.addValue(step.wrk().p50Micros() / 1000.0, "p50", Integer.toString(step.connections()));
				data.addValue(step.wrk().p99Micros() / 1000.0, "p99", Integer.toString(step.connections()));
			}
		}
		return ChartFactory.createBarChart("HTTP with wrk: latency", "connections", "ms", data,
				PlotOrientation.VERTICAL, true, false, false);
	}

	private static String row(String part, String scenario, String mode, String load, double perSecond, Double p50,
			Double p99, String faults) {
		return String.join(",", part, quote(scenario), quote(mode), load, fmt(perSecond),
				p50 == null ? "" : String.format(Locale.ROOT, "%.1f", p50),
				p99 == null ? "" : String.format(Locale.ROOT, "%.1f", p99), quote(faults)) + "\n";
	}

	private static String quote(String text) {
		return '"' + text.replace("\"", "\"\"") + '"';
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.0f", value);
	}

}
