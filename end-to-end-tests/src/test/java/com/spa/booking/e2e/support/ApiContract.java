package com.spa.booking.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * The gateway's own OpenAPI document ({@code /v3/api-docs}) as a check of every exchange the tests make through
 * {@link Api}: a request or an answer the document does not describe fails the test, with the validator's report. Read
 * once per gateway. Only {@code /api/} is described there (the actuator has its own port and describes itself).
 */
public final class ApiContract {

	private static final Map<String, ApiContract> BY_GATEWAY = new ConcurrentHashMap<>();

	/** What an unchecked (deliberately invalid) request may get wrong: anything about the request itself. */
	private static final Set<String> ABOUT_THE_REQUEST = Set.of("validation.request.path.missing",
			"validation.request.operation.notAllowed");

	private final OpenApiInteractionValidator validator;

	private ApiContract(String document) {
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
	}

	public static boolean describes(String path) {
		return path.startsWith("/api/");
	}

	public static ApiContract of(String baseUrl) {
		return BY_GATEWAY.computeIfAbsent(baseUrl, ApiContract::load);
	}

	/** The document as a client reads it, with a token of its own so that no test's caller pays for it in its rate limit. */
	private static ApiContract load(String baseUrl) {
		try {
			HttpResponse<String> document = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs"))
					.header("Authorization", "Bearer " + Tokens.customer(UUID.randomUUID()))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (document.statusCode() != 200) {
				throw new IllegalStateException("no OpenAPI document at " + baseUrl + ": " + document.statusCode());
			}
			return new ApiContract(document.body());
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
	 * @param requestToo false for a request meant to be invalid: then only the answer is checked (if the document
	 * knows the path and method at all)
	 */
	public void check(HttpRequest request, String body, HttpResponse<String> response, boolean requestToo) {
		URI uri = request.uri();
		SimpleRequest.Builder asSent = new SimpleRequest.Builder(request.method(), uri.getRawPath());
		request.headers().map().forEach(asSent::withHeader);
		if (body != null) {
			asSent.withBody(body);
		}
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				String[] nameValue = pair.split("=", 2);
				asSent.withQueryParam(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : "");
			}
		}
		SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
		response.headers().map().forEach(answer::withHeader);
		if (response.body() != null && !response.body().isEmpty()) {
			answer.withBody(response.body());
		}
		ValidationReport report = requestToo ? validator.validate(asSent.build(), answer.build())
				: validator.validateResponse(uri.getRawPath(), Request.Method.valueOf(request.method()), answer.build());
		List<ValidationReport.Message> errors = report.getMessages()
			.stream()
			.filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
			.filter(message -> requestToo || !ABOUT_THE_REQUEST.contains(message.getKey()))
			.toList();
		if (!errors.isEmpty()) {
			throw new AssertionError(request.method() + " " + uri.getRawPath()
					+ (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " answered " + response.statusCode()
					+ " does not match the OpenAPI document:\n"
					+ SimpleValidationReportFormat.getInstance().apply(ValidationReport.from(errors))
					+ "\nrequest body: " + body + "\nanswer: " + response.body());
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}
}
