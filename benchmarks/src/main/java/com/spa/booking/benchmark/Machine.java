package com.spa.booking.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What the figures were measured on: the machine, the JVM, and the PostgreSQL server's settings. */
record Machine(String cpu, int cores, long memoryMegabytes, String jvm, Map<String, String> postgres) {

	static Machine describe(JdbcClient postgres) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("version", postgres.sql("SHOW server_version").query(String.class).single());
		for (String name : new String[] { "fsync", "synchronous_commit", "full_page_writes", "shared_buffers",
				"max_connections" }) {
			settings.put(name, postgres.sql("SELECT current_setting('" + name + "')").query(String.class).single());
		}
		return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemoryMegabytes(),
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), settings);
	}

	@Override
	public String toString() {
		return "%s, %d cores, %,d MiB, %s; PostgreSQL %s".formatted(cpu, cores, memoryMegabytes, jvm, postgres);
	}

	private static String cpuModel() {
		return line(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
	}

	private static long totalMemoryMegabytes() {
		return line(Path.of("/proc/meminfo"), "MemTotal")
			.map(total -> Long.parseLong(total.replaceAll("[^0-9]", "")) / 1024)
			.orElse(Runtime.getRuntime().maxMemory() / (1024 * 1024));
	}

	private static Optional<String> line(Path file, String key) {
		try {
			return Files.readAllLines(file).stream().filter(line -> line.startsWith(key)).findFirst()
				.map(line -> line.substring(line.indexOf(':') + 1).strip());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}
}
