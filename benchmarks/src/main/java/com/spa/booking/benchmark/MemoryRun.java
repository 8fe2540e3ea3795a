package com.spa.booking.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import com.spa.booking.local.LocalIssuer;

/**
 * {@code ./run-local}'s resident memory after N holds: {@code ./run-local} itself started (it execs {@code java} with
 * its own options on the local stack's executable jar), as a process of its own, on temporary data directories and free
 * ports; 200 therapists and the customers inserted into its PostgreSQL over JDBC; N conflict-free holds driven by
 * {@link Wrk} at 16 connections; then {@code VmRSS} (and the peak, {@code VmHWM}) of its JVM, which runs the worker,
 * the gateway, the issuer and the Kafka broker, read from {@code /proc}. The embedded PostgreSQL runs as processes of
 * its own: their resident memory is reported apart, summed, and as {@code Pss} (shared pages divided among the
 * processes that share them, so that the sum means something).
 * <p>
 * The one difference from {@code ./run-local}: the gateway's rate limits are lifted with system properties (in
 * {@code JAVA_TOOL_OPTIONS}), since every hold comes from one caller, the front desk.
 */
final class MemoryRun {

	static final int CONNECTIONS = 16;

	/**
	 * @param holds the holds asked for
	 * @param held bookings made
	 * @param outcomes the holds' outcomes recorded, by outcome
	 * @param jvmRssKib the JVM's {@code VmRSS} after the holds
	 * @param jvmPeakKib the JVM's {@code VmHWM}
	 * @param postgresProcesses the postmaster and its children
	 */
	record Result(int holds, long held, Map<String, Long> outcomes, Wrk.Run wrk, long jvmRssKib, long jvmPeakKib, int postgresProcesses,
			long postgresRssKib, long postgresPssKib) {
	}

	private MemoryRun() {
	}

	/** The local stack's executable jar, relative to the repository or to a module directory (as tests run). */
	static Optional<Path> findJar(Path named) {
		if (named != null) {
			return Optional.of(named).filter(Files::isRegularFile);
		}
		return Stream.of("local-stack/target/local-stack-exec.jar", "../local-stack/target/local-stack-exec.jar")
			.map(Path::of).filter(Files::isRegularFile).findFirst();
	}

	static Result run(Path jar, Path wrkExecutable, int holds) throws Exception {
		Path directory = Files.createTempDirectory("benchmark-memory");
		Path log = directory.resolve("local-stack.log");
		Path postgresData = directory.resolve("postgres");
		int port = freePort();
		int issuerPort = freePort();
		int kafkaPort = freePort();
		// the jar sits in <repository>/local-stack/target/; ./run-local at the repository's root execs java with its
		// own options, so the process started is the JVM measured, with the heap ./run-local gives it
		Path runLocal = jar.toAbsolutePath().getParent().getParent().getParent().resolve("run-local");
		ProcessBuilder builder = new ProcessBuilder("sh", runLocal.toString(), "--port", Integer.toString(port),
				"--issuer-port", Integer.toString(issuerPort), "--kafka-port", Integer.toString(kafkaPort), "--data-dir",
				postgresData.toString(), "--kafka-data-dir", directory.resolve("kafka").toString(), "--fresh");
		builder.environment().put("JAVA_TOOL_OPTIONS",
				"-Dbooking.security.rate-limit.burst=1000000 -Dbooking.security.rate-limit.per-second=1000000");
		Process stack = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			String started = awaitLine(stack, log, "Gateway ready at ", Duration.ofMinutes(3));
			String jdbcUrl = find(started, "PostgreSQL at (jdbc:\\S+)");
			String issuer = find(started, "Tokens at (http://\\S+)/oauth2/token");
			String gateway = find(started, "Gateway ready at (http://\\S+)");
			System.out.println("[benchmark] memory: the local stack (pid " + stack.pid() + ") is up, gateway at "
					+ gateway);
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(jdbcUrl);
			config.setUsername("postgres");
			config.setPassword("");
			config.setMaximumPoolSize(1);
			try (HikariDataSource pool = new HikariDataSource(config)) {
				JdbcClient jdbc = JdbcClient.create(pool);
				UUID service = UUID.randomUUID();
				HttpLoad.seedTherapists(jdbc, service);
				// wrk calls the script's request() once on its first thread to check it, and never sends that one:
				// request 0 is lost, so the requests go up to holds (included)
				HttpLoad.makeCustomers(jdbc, 0, holds + 1);
				Instant firstDay = firstDayWithoutClosures(jdbc, holds / Wrk.THERAPISTS + 1);
				String token = LocalIssuer.token(issuer, "front-desk", null);
				Wrk wrk = Wrk.against(wrkExecutable, gateway, token, service, firstDay);
				String count = "SELECT count(*) AS " + StatementProfiles.OWN
						+ " FROM processed_commands WHERE command_type = 'PlaceHold'";
				Progress progress = new Progress(() -> jdbc.sql(count).query(Long.class).single());
				// the threads stop by themselves at the last customer; wrk itself is stopped once every hold has its
				// outcome, or nothing more happens for three seconds
				Wrk.Run run = wrk.run(CONNECTIONS, Duration.ofMinutes(30), 0, holds + 1,
						() -> progress.done(holds, Duration.ofSeconds(3)));
				while (!progress.done(holds, Duration.ofSeconds(3))) {
					Thread.sleep(100);
				}
				long held = jdbc.sql("SELECT count(*) FROM bookings WHERE service_id = ?").param(service)
					.query(Long.class).single();
				Map<String, Long> outcomes = new TreeMap<>();
				jdbc.sql("SELECT outcome, count(*) FROM processed_commands WHERE command_type = 'PlaceHold' GROUP BY outcome")
					.query((rs, n) -> outcomes.put(rs.getString(1), rs.getLong(2))).list();
				Thread.sleep(1000);
				long rss = status(stack.pid(), "VmRSS");
				long peak = status(stack.pid(), "VmHWM");
				List<Long> postgres = postgresProcesses(postgresData);
				long postgresRss = postgres.stream().mapToLong(pid -> status(pid, "VmRSS")).sum();
				long postgresPss = postgres.stream().mapToLong(MemoryRun::proportional).sum();
				Result result = new Result(holds, held, outcomes, run, rss, peak, postgres.size(), postgresRss,
						postgresPss);
				System.out.printf("[benchmark] memory: %d holds asked, %d held in %.1f s (outcomes %s, %d non-2xx): JVM"
						+ " VmRSS %,d MiB (peak %,d MiB); PostgreSQL %d processes, VmRSS %,d MiB, Pss %,d MiB%n", holds,
						held, run.seconds(), outcomes, run.non2xx(), rss / 1024, peak / 1024, postgres.size(),
						postgresRss / 1024, postgresPss / 1024);
				return result;
			}
		}
		finally {
			stop(stack, postgresData);
			deleteRecursively(directory);
		}
	}

	/** Outcomes recorded so far, and when the count last moved. */
	private static final class Progress {

		private final java.util.function.LongSupplier count;

		private long last = -1;

		private long movedAt = System.nanoTime();

		Progress(java.util.function.LongSupplier count) {
			this.count = count;
		}

		boolean done(long wanted, Duration still) {
			long now = count.getAsLong();
			if (now != last) {
				last = now;
				movedAt = System.nanoTime();
			}
			return now >= wanted || (now > 0 && System.nanoTime() - movedAt > still.toNanos());
		}
	}

	/** The first day from the day after tomorrow on which the days held fall on no closure of the whole spa. */
	private static Instant firstDayWithoutClosures(JdbcClient jdbc, int hours) {
		Instant day = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
		for (int tries = 0; tries < 60; tries++) {
			OffsetDateTime from = day.atOffset(ZoneOffset.UTC);
			OffsetDateTime end = from.plusHours(hours + 24);
			Optional<Instant> closedUntil = jdbc.sql("""
					SELECT max(upper(during)) FROM time_off
					 WHERE therapist_id IS NULL AND during && tstzrange(?, ?) HAVING count(*) > 0""")
				.params(from, end).query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
			if (closedUntil.isEmpty()) {
				return day;
			}
			day = closedUntil.get().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
		}
		return day;
	}

	private static String awaitLine(Process process, Path log, String marker, Duration patience)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		while (true) {
			String text = Files.exists(log) ? Files.readString(log) : "";
			if (text.contains(marker)) {
				return text;
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The local stack stopped (exit " + process.exitValue() + "):\n" + text);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The local stack did not start in " + patience + ":\n" + text);
			}
			Thread.sleep(200);
		}
	}

	private static String find(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("The local stack did not say /" + regex + "/:\n" + text);
		}
		return matcher.group(1);
	}

	/** A field of {@code /proc/<pid>/status}, in KiB; 0 if the process is gone. */
	static long status(long pid, String field) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
				.filter(line -> line.startsWith(field + ":"))
				.findFirst()
				.map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
				.orElse(0L);
		}
		catch (IOException gone) {
			return 0;
		}
	}

	/** {@code Pss} of {@code /proc/<pid>/smaps_rollup}, in KiB; 0 if unreadable. */
	private static long proportional(long pid) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup")).stream()
				.filter(line -> line.startsWith("Pss:"))
				.findFirst()
				.map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
				.orElse(0L);
		}
		catch (IOException gone) {
			return 0;
		}
	}

	/** The postmaster (from {@code postmaster.pid}) and its children. */
	private static List<Long> postgresProcesses(Path dataDirectory) throws IOException {
		Optional<Long> postmaster = postmaster(dataDirectory);
		List<Long> pids = new ArrayList<>();
		if (postmaster.isEmpty()) {
			return pids;
		}
		pids.add(postmaster.get());
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
				try {
					String stat = Files.readString(process.resolve("stat"));
					// pid (comm) state ppid ...: the command may hold spaces, so count from its closing parenthesis
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					if (Long.parseLong(fields[1]) == postmaster.get()) {
						pids.add(Long.parseLong(process.getFileName().toString()));
					}
				}
				catch (IOException | RuntimeException gone) {
					// ended meanwhile, or not ours to read
				}
			}
		}
		return pids;
	}

	private static Optional<Long> postmaster(Path dataDirectory) {
		try {
			Path pidFile = dataDirectory.resolve("postmaster.pid");
			return Files.exists(pidFile)
					? Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())) : Optional.empty();
		}
		catch (IOException | RuntimeException unreadable) {
			return Optional.empty();
		}
	}

	/** As Ctrl-C would: the stack stops its applications, the broker and PostgreSQL; forcibly after a minute. */
	private static void stop(Process stack, Path postgresData) throws InterruptedException {
		Optional<Long> postmaster = postmaster(postgresData);
		stack.destroy();
		if (!stack.waitFor(1, TimeUnit.MINUTES)) {
			stack.destroyForcibly();
			stack.waitFor(10, TimeUnit.SECONDS);
		}
		// a PostgreSQL left behind by a stack that did not stop in time: ended by its process ID
		postmaster.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
