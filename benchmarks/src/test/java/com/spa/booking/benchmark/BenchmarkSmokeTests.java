package com.spa.booking.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs end to end in seconds and writes its three files. The figures of so short a run mean nothing, so
 * nothing here checks a speed; what it checks is what must hold at any speed: the seed recipe with treatments of one
 * length on a grid of that length double-books nothing, the worker leaves no overlap, and overload leaves no accepted
 * request unanswered.
 */
class BenchmarkSmokeTests {

	@Test
	void aSmokeRunWritesItsFiguresAndLeavesNothingDoubleBookedByTheWorker(@TempDir Path out) throws Exception {
		System.setProperty("java.awt.headless", "true");

		Report report = Benchmark.run(Benchmark.Options.parse(new String[] { "--smoke", "--out", out.toString() }));

		assertThat(out.resolve("results.csv")).content().startsWith("part,").contains("recipe", "drain", "http");
		assertThat(out.resolve("results.md")).content().contains("| seed recipe |", "| worker drain |", "| HTTP |");
		assertThat(Files.size(out.resolve("results.png"))).isPositive();
		assertThat(report.recipe()).hasSize(6)
			.filteredOn(result -> result.lengths().startsWith("60"))
			.allSatisfy(result -> assertThat(result.doubleBookings()).isZero());
		assertThat(report.drains()).isNotEmpty().allSatisfy(drain -> {
			assertThat(drain.overlaps()).isZero();
			assertThat(drain.held()).isPositive();
		});
		assertThat(report.http()).hasValueSatisfying(http -> {
			assertThat(http.saturation()).isPositive();
			assertThat(http.unanswered()).isZero();
		});
	}
}
