package com.spa.booking.e2e.security;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.MappedEndpoints;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seeded random requests over every endpoint of the gateway (from its handler mappings; bodies and query parameters
 * shaped by its OpenAPI document), admin included, with the token of each role and none: valid requests, and requests
 * with a field, a path variable, a query parameter or a header mangled (NUL and other control characters, lone
 * surrogates, overlong text, wrong types, huge numbers, odd dates, missing or unknown fields, broken JSON). Whatever
 * comes in, the answer is never a 5xx. {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.requests=N} sets its length.
 */
class ApiFuzzIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A stream stays open for whoever may read it, and more than two of a caller are a designed 503. */
	private static final String LIVE_STREAM = "/api/v1/booking-events";

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

	private static final List<String> ODD_TEXT = List.of("\u0000", "Ann\u0000a", "\t", "line\r\nbreak", "\u001b[31mred",
			"\u007f", "\u0085", "\u2028", "\ud800", "x\udfffy", "💆‍♀️", "", " ", "x".repeat(300), "ü".repeat(5_000),
			"null", "' OR 1=1 --", "%00", "../../etc/passwd", "${jndi:ldap://x/a}", "{{7*7}}", "<script>alert(1)</script>",
			"\ufeff", "NaN", "-1", "1e400");

	private static final List<String> ODD_INSTANTS = List.of("2027-02-30T10:00:00Z", "2027-13-01T10:00:00Z",
			"0000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+300000-01-01T00:00:00Z",
			"2027-06-01T10:00:00+18:00", "2027-06-01T10:00:00-18:00", "2027-06-01T10:00:00+25:00", "2027-06-01T24:00:00Z",
			"2027-06-01T10:00:60Z", "2027-06-01T10:07:13.123456789Z", "2027-03-28T02:30:00+01:00", "1970-01-01T00:00:00Z",
			"2027-06-01", "2027-06-01T10:00:00", "2199-12-31T23:45:00Z", "2200-01-01T00:00:00Z", "1999-12-31T23:59:59Z");

	private static final List<String> ODD_DATES = List.of("2027-02-29", "0000-00-00", "+999999999-12-31", "-0001-01-01",
			"2199-12-31", "9999-12-31", "2027-6-1", "20270601");

	private static final List<String> ODD_TIMES = List.of("24:00", "23:59", "00:00", "25:61", "9:00", "09:00:00", "-01:00");

	/** Raw JSON tokens: numbers no Java type holds, and what JSON has no number for. */
	private static final List<String> ODD_NUMBERS = List.of("1e400", "-1e400", "99999999999999999999999999",
			"2147483648", "-2147483649", "9223372036854775808", "-0", "0.0000000001", "1.5", "NaN", "Infinity", "0x10",
			"1_000");

	private static final List<String> WRONG_TYPES = List.of("123", "true", "null", "[]", "{}", "\"text\"", "[1,2]",
			"{\"a\":{\"b\":[]}}");

	private static final List<String> ODD_BODIES = List.of("", "null", "[]", "{", "}", "\"text\"", "42", "{\"a\":",
			"{" + "\"a\":{".repeat(2_000) + "}".repeat(2_001), "[".repeat(5_000), "{\"name\":\"" + "x".repeat(20_000) + "\"}",
			"{\"name\":\"raw\u0000nul\"}", "\u0000", "{\"a\":1,\"a\":2}");

	private static final List<String> ODD_PATH_SEGMENTS = List.of("not-a-uuid", "%00", "%2e%2e", "%20",
			"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", UUID.randomUUID() + "%00",
			"%F0%9F%92%86", "x".repeat(1_000), "%25", "%C0%AE", "%FF", "-1", "1e400", UUID.randomUUID() + ";a=b");

	static LocalStack stack;

	static JsonNode document;

	static Map<String, Api> callers;

	/** Real IDs by the name of the path variable, field or parameter that holds one. */
	static Map<String, List<UUID>> ids;

	@BeforeAll
	static void aSpaWithABookingASessionAndARequest() {
		stack = TestStack.get();
		Fixtures fixtures = Fixtures.of(stack);
		Api staff = new Api(stack.gatewayUrl());
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID other = fixtures.therapistAroundTheClock(service);
		UUID customer = staff.newCustomer();
		Api own = staff.as(Tokens.customer(customer));
		Api.Response held = own.post("/api/v1/bookings", holdJson(customer, therapist, service, later(1)), "Prefer",
				"wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		Api.Response session = own.post("/api/v1/booking-sessions", """
				{"customerId": "%s", "items": [{"therapistId": "%s", "serviceId": "%s", "start": "%s"}]}"""
			.formatted(customer, other, service, later(2)), "Prefer", "wait=10");
		assertThat(session.status()).as(session.raw().body()).isEqualTo(201);
		UUID request = own.post("/api/v1/bookings", holdJson(customer, therapist, service, later(3))).uuid("requestId");
		ids = Map.of("customerId", List.of(customer), "therapistId", List.of(therapist, other), "serviceId",
				List.of(service), "bookingId", List.of(held.uuid("bookingId")), "sessionId",
				List.of(session.uuid("sessionId")), "requestId", List.of(request));
		callers = new LinkedHashMap<>();
		callers.put("nobody", Api.anonymous(stack.gatewayUrl()).unverified());
		callers.put("customer", own.unverified());
		callers.put("front-desk", staff.as(Tokens.of("front-desk")).unverified());
		callers.put("admin", staff.as(Tokens.of("admin")).unverified());
		callers.put("payment", staff.as(Tokens.of("payment")).unverified());
		callers.put("staff", staff.unverified());
		document = JSON.readTree(staff.raw("/v3/api-docs"));
	}

	/** An endpoint as the gateway maps it, with what its document says it takes. */
	record Endpoint(String method, String pattern, JsonNode operation) {

		JsonNode body() {
			return operation.path("requestBody").path("content").path("application/json").path("schema");
		}

		List<JsonNode> queryParameters() {
			List<JsonNode> query = new ArrayList<>();
			operation.path("parameters").forEach(parameter -> {
				if ("query".equals(parameter.path("in").asString())) {
					query.add(parameter);
				}
			});
			return query;
		}
	}

	/** One request as sent, for the report. */
	record Sent(int index, String method, String path, String body, Map<String, String> headers, String caller) {

		@Override
		public String toString() {
			String shown = body == null ? "" : body.length() > 300 ? " " + body.substring(0, 300) + "..." : " " + body;
			return "#" + index + " " + method + " " + (path.length() > 300 ? path.substring(0, 300) + "..." : path)
					+ " as " + caller + " " + headers + shown;
		}
	}

	@Test
	void noRequestToAnyEndpointAsAnyoneIsAnsweredWithAServerError() {
		long seed = Long.getLong("fuzz.seed", System.nanoTime());
		int requests = Integer.getInteger("fuzz.requests", 2_000);
		System.out.printf("[fuzz] seed %d (-Dfuzz.seed=%d replays it)%n", seed, seed);
		Random random = new Random(seed);
		List<Endpoint> endpoints = endpoints();
		List<String> callerNames = List.copyOf(callers.keySet());
		Map<Integer, Integer> statuses = new TreeMap<>();
		Map<String, TreeSet<Integer>> byEndpoint = new TreeMap<>();
		List<String> serverErrors = new ArrayList<>();
		Instant started = Instant.now();

		for (int i = 0; i < requests; i++) {
			Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
			String caller = callerNames.get(random.nextInt(callerNames.size()));
			Sent sent = new Request(endpoint, random).build(i, caller);
			Api.Response answer = callers.get(caller).send(sent.method(), sent.path(), sent.body(),
					sent.headers().entrySet().stream().flatMap(header -> java.util.stream.Stream.of(header.getKey(),
							header.getValue())).toArray(String[]::new));
			statuses.merge(answer.status(), 1, Integer::sum);
			byEndpoint.computeIfAbsent(endpoint.method() + " " + endpoint.pattern(), key -> new TreeSet<>()).add(answer.status());
			if (answer.status() >= 500) {
				serverErrors.add(sent + "\n  -> " + answer.status() + " " + answer.raw().body());
			}
		}

		System.out.printf("[fuzz] %d requests over %d endpoints in %d ms, by status: %s%n", requests, endpoints.size(),
				Duration.between(started, Instant.now()).toMillis(), statuses);
		// what each endpoint answered: a 2xx shows the valid requests got through to the work behind it
		byEndpoint.forEach((endpoint, answered) -> System.out.printf("[fuzz]   %s: %s%n", endpoint, answered));
		assertThat(serverErrors).as("server errors of seed %d (-Dfuzz.seed=%d replays them)", seed, seed)
			.isEmpty();
	}

	/** Every method and pattern the gateway maps, but the live stream, with its operation in the document if any. */
	static List<Endpoint> endpoints() {
		List<Endpoint> endpoints = new ArrayList<>();
		for (String key : MappedEndpoints.of(stack)) {
			String[] methodAndPattern = key.split(" ", 2);
			if (!methodAndPattern[1].equals(LIVE_STREAM)) {
				endpoints.add(new Endpoint(methodAndPattern[0], methodAndPattern[1], document.path("paths")
					.path(methodAndPattern[1])
					.path(methodAndPattern[0].toLowerCase(java.util.Locale.ROOT))));
			}
		}
		assertThat(endpoints).as("the admin API is fuzzed too").anyMatch(endpoint -> endpoint.pattern().contains("/admin/"));
		return endpoints;
	}

	/** One request to an endpoint: a valid one, then up to three things mangled. */
	static final class Request {

		private final Endpoint endpoint;

		private final Random random;

		/** The last instant made up for this request: an end or a {@code to} comes after it */
		private Instant lastInstant;

		Request(Endpoint endpoint, Random random) {
			this.endpoint = endpoint;
			this.random = random;
		}

		Sent build(int index, String caller) {
			String method = chance(3) ? pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH")) : endpoint.method();
			String path = path();
			String query = query();
			String body = body();
			Map<String, String> headers = new LinkedHashMap<>();
			if (chance(30)) {
				headers.put("Prefer", chance(80) ? "wait=2" : pick(List.of("wait=-1", "wait=99999999999999", "wait=abc",
						"wait=", "respond-async, wait=1.5")));
			}
			if (chance(30)) {
				headers.put("Idempotency-Key", chance(70) ? UUID.randomUUID().toString()
						: pick(List.of("k".repeat(256), "k".repeat(3_000), "%00key", "<>{}|\\", "a b\tc", "", " ")));
			}
			if (body != null && chance(5)) {
				headers.put("Content-Type", pick(List.of("text/plain", "application/xml", "application/json; charset=latin1",
						"multipart/form-data; boundary=x")));
			}
			return new Sent(index, method, query.isEmpty() ? path : path + "?" + query, body, headers, caller);
		}

		private String path() {
			Matcher variables = PATH_VARIABLE.matcher(endpoint.pattern());
			StringBuilder path = new StringBuilder();
			while (variables.find()) {
				String value = chance(25) ? pick(ODD_PATH_SEGMENTS) : id(variables.group(1)).toString();
				variables.appendReplacement(path, Matcher.quoteReplacement(value));
			}
			variables.appendTail(path);
			return path.toString();
		}

		private String query() {
			List<String> pairs = new ArrayList<>();
			for (JsonNode parameter : endpoint.queryParameters()) {
				String name = parameter.path("name").asString();
				boolean required = parameter.path("required").asBoolean();
				if (!required && chance(50) || chance(5)) {
					continue;
				}
				Object value = chance(20) ? oddFor(parameter.path("schema")) : valueOf(name, parameter.path("schema"));
				String text = value instanceof Raw raw ? raw.json() : String.valueOf(value);
				pairs.add(name + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
				if (chance(3)) {
					pairs.add(name + "=" + URLEncoder.encode(pick(ODD_TEXT), StandardCharsets.UTF_8));
				}
			}
			if (chance(5)) {
				pairs.add(URLEncoder.encode(pick(ODD_TEXT), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(pick(ODD_TEXT), StandardCharsets.UTF_8));
			}
			return String.join("&", pairs);
		}

		/** null for an endpoint that takes none (and sometimes one for it anyway) */
		private String body() {
			JsonNode schema = endpoint.body();
			if (schema.isMissingNode()) {
				return chance(5) ? pick(ODD_BODIES) : null;
			}
			if (chance(8)) {
				return pick(ODD_BODIES);
			}
			Object valid = sample("body", schema);
			if (chance(10) || !(valid instanceof Map<?, ?>)) {
				return json(valid);
			}
			int mangled = 1 + random.nextInt(3);
			for (int i = 0; i < mangled; i++) {
				mangle(valid, schema);
			}
			return json(valid);
		}

		/** Changes one field somewhere in the tree: an odd value for its kind, a wrong type, gone, or one more. */
		@SuppressWarnings("unchecked")
		private void mangle(Object tree, JsonNode schema) {
			JsonNode resolved = resolve(schema);
			if (tree instanceof List<?> list && !list.isEmpty()) {
				int at = random.nextInt(list.size());
				if (chance(30)) {
					((List<Object>) list).set(at, new Raw(pick(WRONG_TYPES)));
				}
				else {
					mangle(list.get(at), resolved.path("items"));
				}
				return;
			}
			if (!(tree instanceof Map<?, ?> map) || map.isEmpty()) {
				return;
			}
			Map<String, Object> object = (Map<String, Object>) map;
			String field = pick(List.copyOf(object.keySet()));
			if (field.equals("therapistId") && endpoint.pattern().endsWith("/time-off")) {
				// time off without a therapist closes the whole spa, under the other tests' bookings: the fuzz keeps to
				// time off of its own therapists (or of unknown ones)
				return;
			}
			JsonNode fieldSchema = resolved.path("properties").path(field);
			Object value = object.get(field);
			int what = random.nextInt(100);
			if (what < 10) {
				object.remove(field);
			}
			else if (what < 15) {
				object.put(pick(ODD_TEXT), pick(ODD_TEXT));
			}
			else if (what < 30) {
				object.put(field, new Raw(pick(WRONG_TYPES)));
			}
			else if ((value instanceof Map || value instanceof List) && what < 70) {
				mangle(value, fieldSchema);
			}
			else {
				object.put(field, oddFor(fieldSchema));
			}
		}

		/** A value of the right JSON type that is odd for its kind: NUL, a huge number, February 30th, ... */
		private Object oddFor(JsonNode schema) {
			JsonNode resolved = resolve(schema);
			String type = resolved.path("type").asString();
			String format = resolved.path("format").asString();
			if (type.equals("integer") || type.equals("number")) {
				return new Raw(pick(ODD_NUMBERS));
			}
			if (format.equals("date-time")) {
				return pick(ODD_INSTANTS);
			}
			if (format.equals("date")) {
				return pick(ODD_DATES);
			}
			if (resolved.has("pattern") || format.equals("time") || format.equals("partial-time")) {
				return pick(ODD_TIMES);
			}
			if (type.equals("array")) {
				// copies that can be mangled further
				return new ArrayList<>(chance(50) ? List.of() : java.util.Collections.nCopies(500, UUID.randomUUID().toString()));
			}
			return chance(10) ? pick(ODD_INSTANTS) : pick(ODD_TEXT);
		}

		/** A valid value for the schema, with the real IDs of the fixtures where a field names one. */
		private Object sample(String name, JsonNode schema) {
			JsonNode resolved = resolve(schema);
			if (resolved.has("properties")) {
				Map<String, Object> object = new LinkedHashMap<>();
				resolved.path("properties").properties()
					.forEach(property -> object.put(property.getKey(), sample(property.getKey(), property.getValue())));
				return object;
			}
			if ("array".equals(resolved.path("type").asString())) {
				List<Object> items = new ArrayList<>();
				String item = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
				items.add(sample(item, resolved.path("items")));
				return items;
			}
			return valueOf(name, resolved);
		}

		private Object valueOf(String name, JsonNode schema) {
			JsonNode resolved = resolve(schema);
			String type = resolved.path("type").asString();
			String format = resolved.path("format").asString();
			if (resolved.has("enum")) {
				List<String> values = new ArrayList<>();
				resolved.path("enum").forEach(value -> values.add(value.asString()));
				return pick(values);
			}
			if (format.equals("uuid")) {
				return id(name);
			}
			if (format.equals("date-time")) {
				// an end after the start it comes with, as a client's would be
				lastInstant = (name.equals("to") || name.equals("end")) && lastInstant != null
						? lastInstant.plus(1 + random.nextInt(96) * 15L, ChronoUnit.MINUTES)
						: later(1 + random.nextInt(3_000)).plus(random.nextInt(48) * 15L, ChronoUnit.MINUTES);
				return lastInstant.toString();
			}
			if (format.equals("date")) {
				return LocalDate.now(ZoneOffset.UTC).plusDays(1 + random.nextInt(3_000)).toString();
			}
			if (type.equals("integer")) {
				long min = resolved.path("minimum").asLong(1);
				long max = resolved.path("maximum").asLong(min + 100);
				return min + random.nextLong(max - min + 1);
			}
			if (type.equals("number")) {
				return new Raw(random.nextInt(500) + "." + random.nextInt(10) + "0");
			}
			if (type.equals("boolean")) {
				return random.nextBoolean();
			}
			if (name.equals("start") || name.equals("end")) {
				return name.equals("start") ? "09:00" : "17:00";
			}
			if (name.equals("email")) {
				return UUID.randomUUID() + "@example.com";
			}
			if (name.equals("phone")) {
				return "+49 30 555";
			}
			return "Fuzz " + random.nextInt(1_000);
		}

		private UUID id(String name) {
			List<UUID> known = ids.get(name);
			return known == null || chance(20) ? UUID.randomUUID() : pick(known);
		}

		private JsonNode resolve(JsonNode schema) {
			String ref = schema.path("$ref").asString();
			if (!ref.isEmpty()) {
				return resolve(document.at(ref.substring(1)));
			}
			JsonNode allOf = schema.path("allOf");
			return allOf.isArray() && !allOf.isEmpty() ? resolve(allOf.get(0)) : schema;
		}

		private boolean chance(int percent) {
			return random.nextInt(100) < percent;
		}

		private <T> T pick(List<T> values) {
			return values.get(random.nextInt(values.size()));
		}
	}

	/** A JSON token written as it is: a number no Java type holds, or a value of the wrong type. */
	record Raw(String json) {
	}

	/**
	 * JSON by hand, so that what a JSON library would refuse to write goes out as it is: lone surrogates and control
	 * characters escaped ({@code \ud800}, {@code \u0000}), raw tokens unquoted.
	 */
	static String json(Object value) {
		if (value instanceof Raw raw) {
			return raw.json();
		}
		if (value instanceof Map<?, ?> map) {
			StringBuilder json = new StringBuilder("{");
			map.forEach((key, field) -> json.append(json.length() > 1 ? "," : "").append(json(String.valueOf(key)))
				.append(':').append(json(field)));
			return json.append('}').toString();
		}
		if (value instanceof List<?> list) {
			return list.stream().map(ApiFuzzIntegrationTests::json).collect(java.util.stream.Collectors.joining(",", "[", "]"));
		}
		if (value == null || value instanceof Number || value instanceof Boolean) {
			return String.valueOf(value);
		}
		// a string, or what is written as one (an ID)
		StringBuilder json = new StringBuilder("\"");
		for (char c : value.toString().toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || Character.isSurrogate(c)) {
				json.append("\\u%04x".formatted((int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static Instant later(int days) {
		return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
	}
}
