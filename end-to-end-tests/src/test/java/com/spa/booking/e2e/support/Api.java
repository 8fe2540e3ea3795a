package com.spa.booking.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the gateway's API, as a front end would use it. It signs its requests with a bearer token:
 * the staff's ({@link Tokens#staff()}) unless told otherwise ({@link #as(String)}, {@link #anonymous(String)}). Every
 * request and answer is checked against the gateway's OpenAPI document ({@link ApiContract}); a test that sends an
 * invalid request on purpose sends it {@link #unchecked()}, and only the answer is checked.
 */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	/** null for none */
	private final String token;

	/** false for requests that are meant to be invalid */
	private final boolean checkRequests;

	/** false for requests so far from any the document describes that their answers are not checked either */
	private final boolean checkAnswers;

	public Api(String baseUrl) {
		this(baseUrl, Tokens.staff(), true, true);
	}

	private Api(String baseUrl, String token, boolean checkRequests, boolean checkAnswers) {
		this.baseUrl = baseUrl;
		this.token = token;
		this.checkRequests = checkRequests;
		this.checkAnswers = checkAnswers;
	}

	/** Without a token. */
	public static Api anonymous(String baseUrl) {
		return new Api(baseUrl, null, true, true);
	}

	/** The same API, with this token. */
	public Api as(String token) {
		return new Api(baseUrl, token, checkRequests, checkAnswers);
	}

	/**
	 * The same API, for requests the document does not allow (bad input, a wrong role's body, unknown paths): their
	 * answers are still checked against the document, the requests are not.
	 */
	public Api unchecked() {
		return new Api(baseUrl, token, false, checkAnswers);
	}

	/**
	 * The same API, checking nothing against the document: for fuzzed requests (a mangled path, method or header),
	 * whose answers are judged by the test itself.
	 */
	public Api unverified() {
		return new Api(baseUrl, token, false, false);
	}

	public String baseUrl() {
		return baseUrl;
	}

	public record Response(int status, HttpResponse<String> raw, JsonNode body) {

		public String header(String name) {
			return raw.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		public String text(String field) {
			return body.path(field).asString();
		}

		public UUID uuid(String field) {
			return UUID.fromString(text(field));
		}
	}

	/** The body as text, for what is not JSON. */
	public String raw(String path) {
		return get(path).raw().body();
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), null);
	}

	public Response put(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)), json);
	}

	/** @param headers name, value, name, value, ... */
	public Response post(String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request, json == null ? "" : json);
	}

	public UUID newCustomer() {
		String email = UUID.randomUUID() + "@example.com";
		Response created = post("/api/v1/customers", """
				{"name": "Test Customer", "email": "%s", "phone": "+49 30 555"}""".formatted(email));
		if (created.status() != 201) {
			throw new IllegalStateException("customer not created: " + created.raw().body());
		}
		return created.uuid("customerId");
	}

	public static String holdJson(UUID customer, UUID therapist, UUID service, Object start) {
		return """
				{"customerId": "%s", "therapistId": "%s", "serviceId": "%s", "start": "%s"}"""
			.formatted(customer, therapist, service, dateTime(start));
	}

	/**
	 * A time as the API's document asks for it (RFC 3339, seconds included): {@code OffsetDateTime.toString()} leaves
	 * out zero seconds, which the gateway reads but the document does not promise.
	 */
	public static Object dateTime(Object time) {
		return time instanceof java.time.OffsetDateTime offset ? java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(offset)
				: time;
	}

	/** @param headers name, value, name, value, ... */
	public Response send(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			// replaces: a test may send another Content-Type
			request.setHeader(headers[i], headers[i + 1]);
		}
		return send(request, body);
	}

	private Response send(HttpRequest.Builder builder, String sent) {
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		HttpRequest request = builder.timeout(Duration.ofSeconds(60)).build();
		String path = request.uri().getRawPath();
		// read before the exchange: a test may stop the gateway right after it
		ApiContract contract = checkAnswers && ApiContract.describes(path) ? ApiContract.of(baseUrl) : null;
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (contract != null) {
				contract.check(request, sent, response, checkRequests);
			}
			String body = response.body();
			boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json");
			return new Response(response.statusCode(), response, body == null || body.isBlank() || !json
					? JSON.missingNode() : JSON.readTree(body));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Opens a Server-Sent Events stream, which stays open until closed: its status at once, and its lines as they
	 * come. Not checked against the document (it is a stream, not an answer).
	 */
	public EventStream stream(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "text/event-stream");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return new EventStream(http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** An open event stream; its lines are read on a thread of its own into {@link #lines()}. */
	public static final class EventStream implements AutoCloseable {

		private final HttpResponse<Stream<String>> response;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		public EventStream(HttpResponse<Stream<String>> response) {
			this.response = response;
			this.reader = new Thread(() -> {
				try {
					response.body().forEach(lines::add);
				}
				catch (RuntimeException closed) {
					// closed by the test, or by the gateway
				}
			}, "event-stream");
			reader.setDaemon(true);
			reader.start();
		}

		public int status() {
			return response.statusCode();
		}

		public String contentType() {
			return response.headers().firstValue("Content-Type").orElse("");
		}

		/** Every line so far. */
		public List<String> lines() {
			return List.copyOf(lines);
		}

		/** The JSON of every {@code data:} line so far. */
		public List<JsonNode> events() {
			return lines.stream().filter(line -> line.startsWith("data:")).map(line -> JSON.readTree(line.substring(5))).toList();
		}

		@Override
		public void close() {
			response.body().close();
			reader.interrupt();
		}
	}
}
