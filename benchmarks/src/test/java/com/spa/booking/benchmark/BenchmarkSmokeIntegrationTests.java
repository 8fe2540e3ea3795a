package com.spa.booking.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs end to end in seconds and writes its files. The figures of so short a run mean nothing, so
 * nothing here checks a speed; what it checks is what must hold at any speed: the seed recipe with treatments of one
 * length on a grid of that length double-books nothing, the correct recipe and the worker leave no overlap, no batch
 * of the worker fell back to one command at a time, every drain has its statement profile, and no request the gateway
 * took is left unanswered.
 * <p>
 * The HTTP part needs wrk. Without it the test runs the rest and says so, except in CI (the environment variable
 * {@code CI} set), where a missing wrk fails it: {@code .ci/run} installs it.
 */
class BenchmarkSmokeIntegrationTests {

	@Test
	void aSmokeRunWritesItsFiguresAndLeavesNothingDoubleBookedOrUnanswered(@TempDir Path out) throws Exception {
		System.setProperty("java.awt.headless", "true");
		boolean wrk = Wrk.find().isPresent();
		List<String> arguments = new ArrayList<>(List.of("--smoke", "--out", out.toString()));
		if (!wrk && System.getenv(Wrk.CI) == null) {
			System.out.println("[smoke] SKIPPING the HTTP part: " + Wrk.missing() + " (in CI this fails the test)");
			arguments.addAll(List.of("--only", "recipe,correct,drain"));
		}

		Report report = Benchmark.run(Benchmark.Options.parse(arguments.toArray(String[]::new)));

		assertThat(report.failures()).isEmpty();
		assertThat(out.resolve("results.csv")).content().startsWith("part,").contains("recipe", "correct recipe", "drain");
		assertThat(out.resolve("results.md")).content()
			.contains("| seed recipe |", "| correct recipe |", "| worker drain |", "**Goals**", "**Statements: ");
		assertThat(out.resolve("goals.csv")).content().startsWith("goal,");
		assertThat(out.resolve("statements.csv")).content().contains("worker drain");
		assertThat(Files.size(out.resolve("results.png"))).isPositive();
		assertThat(report.recipe()).hasSize(6)
			.filteredOn(result -> result.lengths().startsWith("60"))
			.allSatisfy(result -> assertThat(result.doubleBookings()).isZero());
		assertThat(report.correct()).hasSize(6).allSatisfy(result -> {
			assertThat(result.overlaps()).isZero();
			assertThat(result.held()).isPositive();
		});
		assertThat(report.drains()).isNotEmpty().allSatisfy(drain -> {
			assertThat(drain.overlaps()).isZero();
			assertThat(drain.held()).isPositive();
			assertThat(drain.fallbacks()).isZero();
			assertThat(drain.answered()).isEqualTo(drain.commands());
			assertThat(drain.profile()).isNotNull();
			assertThat(drain.profile().top()).isNotEmpty();
			assertThat(drain.profile().statements()).isGreaterThanOrEqualTo(drain.commands() / 100);
		});
		if (wrk) {
			assertThat(out.resolve("results.md")).content().contains("| HTTP (wrk) |");
			assertThat(report.http()).hasValueSatisfying(http -> {
				assertThat(http.steps()).extracting(HttpLoad.Step::connections).containsExactly(1, 4, 16, 64);
				assertThat(http.steps()).allSatisfy(step -> {
					assertThat(step.wrk().requests()).isPositive();
					assertThat(step.wrk().exhausted()).isFalse();
				});
				assertThat(http.unanswered()).isZero();
				assertThat(http.overlaps()).isZero();
				assertThat(http.fallbacks()).isZero();
				assertThat(http.held()).isPositive();
			});
		}
	}
}
