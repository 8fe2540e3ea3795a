package com.spa.booking.e2e.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * The OpenAPI document the gateway serves at {@code /v3/api-docs} describes every endpoint of the gateway, each with a
 * summary, a description and its errors as problems; Swagger UI is served from the gateway itself. (That the requests
 * and answers of every test match the document is checked by {@link Api} on every exchange.)
 */
class ApiDocumentIntegrationTests {

	static LocalStack stack;

	static HttpClient http = HttpClient.newHttpClient();

	static JsonNode document;

	@BeforeAll
	static void readTheDocumentWithoutAToken() throws Exception {
		stack = TestStack.get();
		HttpResponse<String> answer = get("/v3/api-docs");
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
		document = JsonMapper.builder().build().readTree(answer.body());
	}

	@Test
	void everyEndpointOfTheGatewayIsDocumentedWithASummaryADescriptionAndItsErrorsAsProblems() {
		RequestMappingHandlerMapping mappings = stack.gateway()
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
		TreeSet<String> endpoints = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
			String handlerPackage = mapping.getValue().getBeanType().getPackageName();
			if (!handlerPackage.startsWith("com.spa.booking.gateway") || handlerPackage.endsWith(".pages")) {
				continue; // Spring's error page, springdoc's own endpoints, and the pages' settings (not the API)
			}
			RequestMappingInfo info = mapping.getKey();
			List<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? List.of("GET")
					: info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).toList();
			for (String pattern : info.getPatternValues()) {
				methods.forEach(method -> endpoints.add(method + " " + pattern));
			}
		}
		assertThat(endpoints).hasSizeGreaterThan(20);

		List<String> wrong = new ArrayList<>();
		for (String endpoint : endpoints) {
			String[] methodAndPath = endpoint.split(" ", 2);
			JsonNode operation = document.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase());
			if (operation.isMissingNode()) {
				wrong.add(endpoint + ": not in the document");
				continue;
			}
			if (operation.path("summary").asString("").isBlank() || operation.path("description").asString("").isBlank()) {
				wrong.add(endpoint + ": no summary or description");
			}
			if (!operation.path("responses").properties().stream().anyMatch(answer -> answer.getKey().startsWith("2"))) {
				wrong.add(endpoint + ": no success answer");
			}
			operation.path("responses").properties().stream()
				.filter(answer -> answer.getKey().startsWith("4") || answer.getKey().startsWith("5"))
				.filter(answer -> !"#/components/schemas/Problem".equals(
						answer.getValue().path("content").path("application/problem+json").path("schema").path("$ref").asString("")))
				.forEach(answer -> wrong.add(endpoint + ": " + answer.getKey() + " is not a problem"));
			for (String status : List.of("401", "429", "500", "503")) {
				if (operation.path("responses").path(status).isMissingNode()) {
					wrong.add(endpoint + ": no " + status);
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void theDocumentNamesTheBearerTokensAndEveryProblemTypeAndMember() {
		JsonNode bearer = document.path("components").path("securitySchemes").path("bearer");
		JsonNode problem = document.path("components").path("schemas").path("Problem").path("properties");

		assertThat(bearer.path("type").asString()).isEqualTo("http");
		assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
		assertThat(bearer.path("description").asString()).contains("roles", "customer", "front-desk", "admin", "payment");
		assertThat(document.path("security").get(0).has("bearer")).isTrue();
		assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "errors", "reason",
				"alternatives", "affectedBookings", "items", "requestId", "bookingId", "sessionId");
		assertThat(problem.path("type").path("description").asString()).contains(
				"urn:spa-booking:problem:invalid-request", "urn:spa-booking:problem:unprocessable-request",
				"urn:spa-booking:problem:slot-taken", "urn:spa-booking:problem:too-many-requests",
				"urn:spa-booking:problem:content-too-large", "urn:spa-booking:problem:bookings-affected");
	}

	@Test
	void theBoundsOfTheTextRuleAreDocumentedAsLengths() {
		JsonNode schemas = document.path("components").path("schemas");

		assertThat(schemas.path("NewRoom").path("properties").path("name").path("maxLength").asInt()).isEqualTo(100);
		assertThat(schemas.path("NewService").path("properties").path("roomType").path("minLength").asInt()).isOne();
		assertThat(schemas.path("NewCustomer").path("properties").path("email").path("maxLength").asInt()).isEqualTo(320);
		assertThat(document.path("paths").path("/api/v1/bookings").path("post").path("parameters").findValues("maxLength"))
			.extracting(JsonNode::asInt).containsExactly(255);
	}

	@Test
	void swaggerUiIsServedByTheGatewayWithItsOwnScriptsAndStylesAndNothingFromElsewhere() throws Exception {
		HttpResponse<String> entry = get("/swagger-ui.html");
		assertThat(entry.statusCode()).isEqualTo(302);
		String page = entry.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> index = get(page);
		String policy = index.headers().firstValue("Content-Security-Policy").orElseThrow();

		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(policy).contains("script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval", "http");
		assertThat(index.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("http://", "https://");
		Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index.body());
		List<String> loaded = new ArrayList<>();
		while (assets.find()) {
			String asset = URI.create(stack.gatewayUrl() + page).resolve(assets.group(1)).getPath();
			HttpResponse<String> answer = get(asset);
			assertThat(answer.statusCode()).as(asset).isEqualTo(200);
			loaded.add(asset + " " + answer.headers().firstValue("Content-Type").orElse(""));
		}
		assertThat(loaded).anyMatch(asset -> asset.contains("swagger-ui-bundle.js") && asset.contains("javascript"))
			.anyMatch(asset -> asset.contains("swagger-ui.css") && asset.contains("text/css"));
		// the page reads its configuration, and through it the document, from the gateway
		assertThat(get("/swagger-ui/swagger-initializer.js").body()).contains("/v3/api-docs/swagger-config");
		HttpResponse<String> config = get("/v3/api-docs/swagger-config");
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(config.body()).contains("\"url\":\"/v3/api-docs\"");
		// the API's own answers keep the strict policy
		assertThat(get("/api/v1/services").headers().firstValue("Content-Security-Policy"))
			.hasValue("default-src 'none'; frame-ancestors 'none'");
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}
}
