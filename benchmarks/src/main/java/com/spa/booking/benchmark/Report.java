package com.spa.booking.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The figures of one run: CSV for tools, Markdown for the README, a chart for people. */
final class Report {

	private final Machine machine;

	private final Instant started;

	private final boolean smoke;

	private final List<SeedRecipe.Result> recipe = new ArrayList<>();

	private final List<WorkerDrain.Result> drains = new ArrayList<>();

	private HttpLoad.Result http;

	Report(Machine machine, Instant started, boolean smoke) {
		this.machine = machine;
		this.started = started;
		this.smoke = smoke;
	}

	void recipe(SeedRecipe.Result result) {
		recipe.add(result);
	}

	void drain(WorkerDrain.Result result) {
		drains.add(result);
	}

	void http(HttpLoad.Result result) {
		this.http = result;
	}

	List<SeedRecipe.Result> recipe() {
		return recipe;
	}

	List<WorkerDrain.Result> drains() {
		return drains;
	}

	Optional<HttpLoad.Result> http() {
		return Optional.ofNullable(http);
	}

	/** The recipe's transactions per second at 8 clients, with treatments of many lengths: what the worker is held to. */
	Optional<Double> recipeAtEightClients() {
		return recipe.stream().filter(result -> result.clients() == 8 && result.lengths().startsWith("30"))
			.map(SeedRecipe.Result::transactionsPerSecond).findFirst();
	}

	void write(Path directory) throws IOException {
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("results.csv"), csv());
		Files.writeString(directory.resolve("results.md"), markdown());
		ChartUtils.saveChartAsPNG(directory.resolve("results.png").toFile(), chart(), 1100, 650);
	}

	String csv() {
		StringBuilder csv = new StringBuilder("part,scenario,mode,load,per_second,p50_ms,p99_ms,faults\n");
		for (SeedRecipe.Result r : recipe) {
			csv.append(row("recipe", r.lengths(), "SELECT FOR UPDATE", r.clients() + " clients", r.transactionsPerSecond(),
					null, null, r.doubleBookings() + " double bookings"));
		}
		for (WorkerDrain.Result d : drains) {
			csv.append(row("drain", d.spa().label, d.mode(), d.commands() + " commands", d.appliedPerSecond(), null, null,
					d.overlaps() + " overlaps"));
		}
		if (http != null) {
			for (HttpLoad.Step step : http.ramp()) {
				csv.append(row("http", "ramp", "open loop", fmt(step.offered()) + "/s", step.goodput(),
						step.p50Micros() / 1000.0, step.p99Micros() / 1000.0, step.statuses().toString().replace(',', ';')));
			}
			for (HttpLoad.Step step : List.of(http.half(), http.overload())) {
				csv.append(row("http", step.label(), "open loop", fmt(step.offered()) + "/s", step.goodput(),
						step.p50Micros() / 1000.0, step.p99Micros() / 1000.0, step.statuses().toString().replace(',', ';')));
			}
		}
		return csv.toString();
	}

	String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("Measured ").append(started).append(smoke ? " (smoke run: too short to mean anything)" : "")
			.append(" on ").append(machine).append(".\n\n");
		md.append("| part | scenario | mode | load | per second | p50 | p99 | left behind |\n|---|---|---|---|---:|---:|---:|---|\n");
		Optional<Double> yardstick = recipeAtEightClients();
		for (SeedRecipe.Result r : recipe) {
			md.append("| seed recipe | ").append(r.lengths()).append(" | `SELECT ... FOR UPDATE` | ").append(r.clients())
				.append(" clients | ").append(fmt(r.transactionsPerSecond())).append(" transactions | | | ")
				.append(r.doubleBookings()).append(" double bookings |\n");
		}
		for (WorkerDrain.Result d : drains) {
			md.append("| worker drain | ").append(d.spa().label).append(" | ").append(d.mode()).append(" | ")
				.append(d.commands()).append(" holds | ").append(fmt(d.appliedPerSecond())).append(" commands")
				.append(yardstick.map(y -> " (" + String.format(Locale.ROOT, "%.2f", d.appliedPerSecond() / y) + "x)")
					.orElse(""))
				.append(" | | | ").append(d.overlaps()).append(" overlaps |\n");
		}
		if (http != null) {
			md.append("| HTTP | conflict-free holds | saturation | | ").append(fmt(http.saturation())).append(" holds | | | |\n");
			for (HttpLoad.Step step : List.of(http.half(), http.overload())) {
				md.append("| HTTP | conflict-free holds | ").append(step.label()).append(" | ").append(fmt(step.offered()))
					.append("/s offered | ").append(fmt(step.goodput())).append(" holds | ")
					.append(String.format(Locale.ROOT, "%.1f ms | %.1f ms | ", step.p50Micros() / 1000.0,
							step.p99Micros() / 1000.0))
					.append(step.statuses()).append(step == http.overload() ? ", " + http.unanswered() + " unanswered" : "")
					.append(" |\n");
			}
		}
		return md.toString();
	}

	private JFreeChart chart() {
		DefaultCategoryDataset data = new DefaultCategoryDataset();
		for (SeedRecipe.Result r : recipe) {
			data.addValue(r.transactionsPerSecond(), "seed recipe (" + r.lengths() + ")", r.clients() + " clients");
		}
		for (WorkerDrain.Result d : drains) {
			data.addValue(d.appliedPerSecond(), "worker, " + d.mode(), d.spa().label);
		}
		if (http != null) {
			data.addValue(http.saturation(), "HTTP saturation", "HTTP, conflict-free");
		}
		return ChartFactory.createBarChart("Bookings per second (" + machine.cores() + " cores)", null, "per second",
				data, PlotOrientation.HORIZONTAL, true, false, false);
	}

	private static String row(String part, String scenario, String mode, String load, double perSecond, Double p50,
			Double p99, String faults) {
		return String.join(",", part, '"' + scenario + '"', '"' + mode + '"', load, fmt(perSecond),
				p50 == null ? "" : String.format(Locale.ROOT, "%.1f", p50), p99 == null ? "" : String.format(Locale.ROOT, "%.1f", p99),
				'"' + faults + '"') + "\n";
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.0f", value);
	}
}
