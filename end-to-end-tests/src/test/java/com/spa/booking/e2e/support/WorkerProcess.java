package com.spa.booking.e2e.support;

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
 * {@code kill -9} does: no shutdown hooks, no listener stopping, nothing published that was not yet, connections simply gone.
 */
public final class WorkerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private WorkerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	public static WorkerProcess start(List<String> arguments) {
		Path log = Pipeline.temporaryDirectory("worker-process").resolve("worker.log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				Child.class.getName()));
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new WorkerProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** SIGKILL: the process ends mid-whatever it was doing. */
	public void halt() throws InterruptedException {
		process.destroyForcibly();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("worker process did not end");
		}
	}

	/** The end of its log, for a failure message. */
	public String logTail() {
		List<String> lines = Pipeline.lines(log).toList();
		return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			halt();
		}
	}

	/**
	 * The worker, watched: should the test JVM end however it ends (a Surefire fork killed on a timeout included),
	 * our end of the child's stdin closes, and the worker must not run on, holding CPU and partitions.
	 */
	public static final class Child {

		private Child() {
		}

		public static void main(String[] args) {
			Thread watchdog = new Thread(() -> {
				try {
					while (System.in.read() != -1) {
						// nothing is ever sent; only the end matters
					}
				}
				catch (IOException ex) {
					// a broken pipe is an end too
				}
				Runtime.getRuntime().halt(1);
			}, "parent-watchdog");
			watchdog.setDaemon(true);
			watchdog.start();
			WorkerApplication.main(args);
		}
	}
}
