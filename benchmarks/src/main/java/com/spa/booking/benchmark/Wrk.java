package com.spa.booking.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <a href="https://github.com/wg/wrk">wrk</a>, a load generator written in C, run as a process of its own against the
 * gateway: closed loop, each connection sending its next request when the answer to the last one has come. Its Lua
 * script makes every request a conflict-free hold: request {@code n} holds therapist {@code n % 200} at the
 * {@code n / 200}th hour after the first day, for customer {@code n}, with IDs that the benchmark derives from the same
 * numbers when it inserts the therapists and customers ({@link #therapist}, {@link #customer}). Thread {@code k} of
 * {@code T} sends {@code n = base + k, base + k + T, ...}, so no two requests of a run, or of two runs with distinct
 * bases, ask for the same time or the same customer; past {@code limit} (more requests than customers made) a thread
 * stops and says so. (wrk calls {@code request()} once on its first thread to check the script, and does not send
 * that request: request {@code base} is never sent.)
 */
final class Wrk {

	static final int THERAPISTS = 200;

	/** Set in CI: then a missing wrk fails the smoke test instead of skipping the HTTP part. */
	static final String CI = "CI";

	private final Path executable;

	private final Path script;

	private final String url;

	/**
	 * @param statusCodes 2xx answers within the run, then every answer not 2xx (wrk's "Non-2xx or 3xx responses")
	 * @param sentMost the most requests one thread sent: the next run's base is at least {@code base + T * sentMost}
	 * @param exhausted a thread ran past the customers made for it and stopped
	 */
	record Run(int connections, int threads, double seconds, long requests, long non2xx, long errors, long p50Micros,
			long p90Micros, long p99Micros, long maxMicros, long sentMost, boolean exhausted, String output) {

		long twoHundreds() {
			return Math.max(0, requests - non2xx);
		}
	}

	private Wrk(Path executable, Path script, String url) {
		this.executable = executable;
		this.script = script;
		this.url = url;
	}

	/** wrk as {@code $WRK} names it, or on the {@code PATH}. */
	static Optional<Path> find() {
		String named = System.getenv("WRK");
		if (named != null && !named.isBlank()) {
			return Optional.of(Path.of(named)).filter(Files::isExecutable);
		}
		for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "wrk");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/** The message for a machine without wrk. */
	static String missing() {
		return "wrk is not installed (Debian: apt-get install wrk; or set WRK to its path): the HTTP and memory parts"
				+ " need it";
	}

	static UUID therapist(long n) {
		return UUID.fromString("00000000-0000-4000-8000-%012x".formatted(n));
	}

	static UUID customer(long n) {
		return UUID.fromString("00000001-0000-4000-8000-%012x".formatted(n));
	}

	/** SQL for the therapist with number {@code n} (an SQL expression), the same as {@link #therapist}. */
	static String therapistSql(String n) {
		return "('00000000-0000-4000-8000-' || lpad(to_hex(" + n + "), 12, '0'))::uuid";
	}

	/** SQL for the customer with number {@code n} (an SQL expression), the same as {@link #customer}. */
	static String customerSql(String n) {
		return "('00000001-0000-4000-8000-' || lpad(to_hex(" + n + "), 12, '0'))::uuid";
	}

	/**
	 * @param baseUrl the gateway, e.g. {@code http://localhost:8080}
	 * @param firstDay the start of the first hour held (UTC, on the hour)
	 */
	static Wrk against(Path executable, String baseUrl, String token, UUID service, Instant firstDay) {
		try {
			Path script = Files.createTempFile("holds", ".lua");
			script.toFile().deleteOnExit();
			Files.writeString(script, SCRIPT.replace("@FIRST_DAY@", Long.toString(firstDay.getEpochSecond()))
				.replace("@SERVICE@", service.toString())
				.replace("@TOKEN@", token)
				.replace("@THERAPISTS@", Integer.toString(THERAPISTS)));
			return new Wrk(executable, script, baseUrl);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return {@code wrk -t T -c C}: as many threads as connections, at most two (the machine's cores are few) */
	static int threads(int connections) {
		return Math.min(2, connections);
	}

	/** A run of the given length: requests numbered from {@code base}, never at or past {@code limit}. */
	Run run(int connections, Duration length, long base, long limit) throws InterruptedException {
		return run(connections, length, base, limit, () -> false);
	}

	/**
	 * A run that ends after its length or, earlier, once {@code enough} says so (checked every 100 ms): then wrk is
	 * interrupted as Ctrl-C would, and reports what it did until then.
	 */
	Run run(int connections, Duration length, long base, long limit, BooleanSupplier enough)
			throws InterruptedException {
		int threads = threads(connections);
		try {
			Path output = Files.createTempFile("wrk", ".txt");
			List<String> command = List.of(executable.toString(), "-t", Integer.toString(threads), "-c",
					Integer.toString(connections), "-d", Math.max(1, length.toSeconds()) + "s", "--timeout", "30s",
					"--latency", "-s", script.toString(), url, "--", Long.toString(base), Integer.toString(threads),
					Long.toString(limit));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
				.start();
			long deadline = System.nanoTime() + length.plusMinutes(1).toNanos();
			boolean interrupted = false;
			while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
				if (!interrupted && enough.getAsBoolean()) {
					new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
					interrupted = true;
				}
				if (System.nanoTime() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("wrk did not end: " + Files.readString(output));
				}
			}
			String text = Files.readString(output);
			Files.deleteIfExists(output);
			return parse(connections, threads, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static final Pattern FIGURE = Pattern.compile("(\\w+)=(\\S+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	static Run parse(int connections, int threads, String output) {
		String line = output.lines().filter(l -> l.startsWith("BENCHMARK ")).findFirst()
			.orElseThrow(() -> new IllegalStateException("wrk said nothing of its run:\n" + output));
		Map<String, String> figures = new HashMap<>();
		Matcher matcher = FIGURE.matcher(line);
		while (matcher.find()) {
			figures.put(matcher.group(1), matcher.group(2));
		}
		Matcher non2xx = NON_2XX.matcher(output);
		long errors = number(figures, "connect") + number(figures, "read") + number(figures, "write")
				+ number(figures, "timeout");
		return new Run(connections, threads, number(figures, "duration_us") / 1e6, number(figures, "requests"),
				non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errors, number(figures, "p50_us"),
				number(figures, "p90_us"), number(figures, "p99_us"), number(figures, "max_us"),
				number(figures, "sent_most"), "true".equals(figures.get("exhausted")), output);
	}

	private static long number(Map<String, String> figures, String name) {
		String value = figures.get(name);
		return value == null ? 0 : Math.round(Double.parseDouble(value));
	}

	/** The script; {@code @NAME@} are filled in, base, stride and limit come as arguments after {@code --}. */
	private static final String SCRIPT = """
			-- conflict-free holds: request n holds therapist n % @THERAPISTS@ at hour n / @THERAPISTS@ after the first day,
			-- for customer n; thread k of T sends n = base + k + T * i
			local therapists = @THERAPISTS@
			local first_day = @FIRST_DAY@
			local service = "@SERVICE@"
			local headers = {
			  ["Authorization"] = "Bearer @TOKEN@",
			  ["Content-Type"] = "application/json",
			  ["Prefer"] = "wait=10"
			}
			local threads = {}
			local count = 0

			function setup(thread)
			  thread:set("id", count)
			  count = count + 1
			  table.insert(threads, thread)
			end

			function init(args)
			  base = tonumber(args[1])
			  stride = tonumber(args[2])
			  limit = tonumber(args[3])
			  sent = 0
			  exhausted = false
			end

			local function uuid(prefix, n)
			  return string.format("%s-0000-4000-8000-%012x", prefix, n)
			end

			function request()
			  local n = base + id + stride * sent
			  if n >= limit then
			    -- no customer was made for this one: stop, with a harmless request for the page
			    exhausted = true
			    wrk.thread:stop()
			    return wrk.format("GET", "/")
			  end
			  sent = sent + 1
			  local start = os.date("!%Y-%m-%dT%H:%M:%SZ", first_day + math.floor(n / therapists) * 3600)
			  local body = string.format('{"customerId":"%s","therapistId":"%s","serviceId":"%s","start":"%s"}',
			    uuid("00000001", n), uuid("00000000", n % therapists), service, start)
			  return wrk.format("POST", "/api/v1/bookings", headers, body)
			end

			function done(summary, latency, requests)
			  local most = 0
			  local out = false
			  for _, thread in ipairs(threads) do
			    local s = thread:get("sent") or 0
			    if s > most then most = s end
			    if thread:get("exhausted") then out = true end
			  end
			  local e = summary.errors
			  io.write(string.format("BENCHMARK requests=%.0f duration_us=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f "
			    .. "max_us=%.0f connect=%.0f read=%.0f write=%.0f status=%.0f timeout=%.0f sent_most=%.0f exhausted=%s\\n",
			    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
			    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, most, tostring(out)))
			end
			""";
}
