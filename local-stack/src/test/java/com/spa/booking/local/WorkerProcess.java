package com.spa.booking.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.spa.booking.worker.WorkerApplication;

/**
 * A worker in a JVM of its own, on this test's class path, so that a test can halt it the way a crash or
 * {@code kill -9} does: no shutdown hooks, no listener stopping, no outbox draining, connections simply gone.
 */
final class WorkerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private WorkerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static WorkerProcess start(List<String> arguments) {
		Path log = Pipeline.temporaryDirectory("worker-process").resolve("worker.log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				WorkerApplication.class.getName()));
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			// should the test JVM end before the test closes it, the worker must not run on
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "worker-process-stop"));
			return new WorkerProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** SIGKILL: the process ends mid-whatever it was doing. */
	void halt() throws InterruptedException {
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("worker process did not end");
		}
	}

	/** The end of its log, for a failure message. */
	String logTail() {
		List<String> lines = Pipeline.lines(log).toList();
		return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			halt();
		}
	}
}
