package com.spa.booking.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The goals of issue 18, item 7, each computed from figures of the same run: a ratio or a figure, its target, and
 * whether it was met. A goal whose figures this run did not measure says so. Goals are not failures of the benchmark:
 * missing one is a result.
 */
final class Goals {

	/** @param pass null for a figure to compare by hand, or a goal this run could not measure */
	record Goal(String name, String measured, String target, Boolean pass) {

		String verdict() {
			return pass == null ? (measured.equals(NOT_MEASURED) ? "not measured" : "figure") : pass ? "PASS" : "FAIL";
		}
	}

	static final String NOT_MEASURED = "not measured";

	/** 1 GB, as 10^9 bytes, in KiB. */
	static final long ONE_GB_KIB = 1_000_000_000L / 1024;

	private Goals() {
	}

	static List<Goal> of(Report report) {
		List<Goal> goals = new ArrayList<>();
		Optional<Double> seed = report.recipeAtEightClients();
		Optional<Double> correctUniform = bestCorrect(report, CorrectRecipe.Load.UNIFORM);
		Optional<Double> correctSkewed = bestCorrect(report, CorrectRecipe.Load.SKEWED);
		Optional<Double> uniform = drained(report, WorkerDrain.Spa.UNIFORM);
		Optional<Double> skewed = drained(report, WorkerDrain.Spa.SKEWED);
		Optional<Double> demo = drained(report, WorkerDrain.Spa.DEMO);
		goals.add(ratio("drain, 200 therapists uniform ÷ seed recipe at 8 clients (30-90 min)", uniform, seed, 1.0));
		goals.add(ratio("drain, 200 therapists 80 % on one ÷ seed recipe at 8 clients (30-90 min)", skewed, seed, 1.0));
		goals.add(ratio("drain, the demo spa ÷ seed recipe at 8 clients (30-90 min)", demo, seed, 0.6));
		goals.add(ratio("drain, 80 % on one ÷ correct recipe 80 % on one (its best client count)", skewed, correctSkewed,
				2.0));
		goals.add(ratio("drain, uniform ÷ correct recipe uniform (its best client count)", uniform, correctUniform, 1.0));
		Optional<HttpLoad.Step> one = report.http().flatMap(http -> http.at(1));
		goals.add(atMost("HTTP, 1 connection: p50", one.map(step -> step.wrk().p50Micros() / 1000.0), 10, "ms"));
		goals.add(atMost("HTTP, 1 connection: p99", one.map(step -> step.wrk().p99Micros() / 1000.0), 30, "ms"));
		goals.add(atMost("HTTP, 16 connections: p99",
				report.http().flatMap(http -> http.at(16)).map(step -> step.wrk().p99Micros() / 1000.0), 100, "ms"));
		goals.add(new Goal("HTTP, 64 connections: holds/s (compare with 4x old main's by hand)",
				report.http().flatMap(http -> http.at(64)).map(step -> fmt(step.goodPerSecond()) + " holds/s")
					.orElse(NOT_MEASURED),
				"4x old main", null));
		goals.add(report.memory().map(memory -> new Goal(
				"./run-local's JVM resident memory after " + memory.holds() + " holds",
				String.format(Locale.ROOT, "%.0f MiB", memory.jvmRssKib() / 1024.0),
				"<= 1 GB (10^9 bytes)", memory.jvmRssKib() <= ONE_GB_KIB))
			.orElse(new Goal("./run-local's JVM resident memory after 20,000 holds", NOT_MEASURED, "<= 1 GB", null)));
		return goals;
	}

	/** A drain's rate until every result was published, batched. */
	private static Optional<Double> drained(Report report, WorkerDrain.Spa spa) {
		return report.drains().stream().filter(d -> d.spa() == spa && d.batched())
			.map(WorkerDrain.Result::publishedPerSecond).findFirst();
	}

	private static Optional<Double> bestCorrect(Report report, CorrectRecipe.Load load) {
		return report.correct().stream().filter(r -> r.load() == load)
			.max(Comparator.comparingDouble(CorrectRecipe.Result::transactionsPerSecond))
			.map(CorrectRecipe.Result::transactionsPerSecond);
	}

	private static Goal ratio(String name, Optional<Double> measured, Optional<Double> against, double target) {
		if (measured.isEmpty() || against.isEmpty() || against.get() <= 0) {
			return new Goal(name, NOT_MEASURED, ">= " + target + "x", null);
		}
		double ratio = measured.get() / against.get();
		return new Goal(name,
				String.format(Locale.ROOT, "%.2fx (%s / %s)", ratio, fmt(measured.get()), fmt(against.get())),
				String.format(Locale.ROOT, ">= %.1fx", target), ratio >= target);
	}

	private static Goal atMost(String name, Optional<Double> measured, double target, String unit) {
		return measured.map(value -> new Goal(name, String.format(Locale.ROOT, "%.1f %s", value, unit),
				String.format(Locale.ROOT, "<= %.0f %s", target, unit), value <= target))
			.orElse(new Goal(name, NOT_MEASURED, String.format(Locale.ROOT, "<= %.0f %s", target, unit), null));
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}
}
