package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/** What an operator sees: health for liveness and readiness, and Prometheus metrics, on both apps. */
class OperationsIntegrationTests {

	static LocalStack stack;

	static Api gateway;

	/** The gateway's actuator, on its management port. */
	static Api gatewayOperations;

	static Api worker;

	@BeforeAll
	static void startStack() {
		stack = TestStack.get();
		gateway = new Api(stack.gatewayUrl());
		gatewayOperations = Api.anonymous(stack.gatewayManagementUrl());
		worker = Api.anonymous(stack.workerUrl());
	}

	@Test
	void bothAppsAreLiveAndReadyWithTheDatabaseAndTheBroker() {
		for (Api app : new Api[] { gatewayOperations, worker }) {
			Api.Response readiness = app.get("/actuator/health/readiness");
			assertThat(readiness.status()).as(readiness.raw().body()).isEqualTo(200);
			assertThat(readiness.text("status")).isEqualTo("UP");
			assertThat(readiness.body().path("components").path("db").path("status").asString()).isEqualTo("UP");
			assertThat(readiness.body().path("components").path("kafka").path("status").asString()).isEqualTo("UP");
			assertThat(app.get("/actuator/health/liveness").text("status")).isEqualTo("UP");
		}
	}

	@Test
	void bookingOutcomesAndLatenciesAreExposedForPrometheus() {
		Fixtures fixtures = Fixtures.of(stack);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		Instant start = Instant.now().plus(200, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		gateway.post("/api/v1/bookings", holdJson(gateway.newCustomer(), therapist, service, start), "Prefer", "wait=10");
		gateway.post("/api/v1/bookings", holdJson(gateway.newCustomer(), therapist, service, start), "Prefer", "wait=10");

		String workerMetrics = worker.raw("/actuator/prometheus");
		String gatewayMetrics = gatewayOperations.raw("/actuator/prometheus");

		assertThat(workerMetrics).contains("booking_commands_total{command=\"PlaceHold\",outcome=\"SUCCEEDED\",reason=\"none\"")
			.contains("booking_commands_total{command=\"PlaceHold\",outcome=\"REJECTED\",reason=\"SLOT_TAKEN\"")
			.contains("booking_command_apply_seconds_count{command=\"PlaceHold\"")
			.contains("booking_command_apply_seconds_bucket{command=\"PlaceHold\"")
			.contains("booking_publish_seconds_count ")
			.contains("booking_messages_published_total ")
			.contains("booking_expiry_sweeps_total")
			.contains("kafka_consumer_fetch_manager_records_lag");
		assertThat(gatewayMetrics).contains("booking_requests_latency_seconds_count{command=\"PlaceHold\",outcome=\"SUCCEEDED\"")
			.contains("booking_requests_latency_seconds_bucket{command=\"PlaceHold\",outcome=\"SUCCEEDED\"")
			.contains("booking_requests_waiting");
	}

	@Test
	void theActuatorIsOnTheManagementPortOnlyNeverOnTheApiPort() {
		assertThat(gatewayOperations.get("/actuator/health").status()).isEqualTo(200);
		for (String endpoint : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/env" }) {
			assertThat(Api.anonymous(stack.gatewayUrl()).get(endpoint).status()).as(endpoint).isEqualTo(401);
			assertThat(gateway.get(endpoint).status()).as(endpoint + " with a staff token").isIn(403, 404);
		}
	}

	@Test
	void theShippedAlertRulesAndDashboardParseAndNameOnlyMetricsThatExist() throws Exception {
		Fixtures fixtures = Fixtures.of(stack);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		Instant start = Instant.now().plus(210, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
		gateway.post("/api/v1/bookings", holdJson(gateway.newCustomer(), therapist, service, start), "Prefer", "wait=10");
		java.util.Set<String> exposed = new java.util.HashSet<>();
		for (String scrape : List.of(worker.raw("/actuator/prometheus"), gatewayOperations.raw("/actuator/prometheus"))) {
			scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
				.forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
		}
		Path ops = Path.of("..", "ops");
		Map<String, Object> alerts = new org.yaml.snakeyaml.Yaml().load(Files.readString(ops.resolve("prometheus/alerts.yml")));
		List<String> expressions = new ArrayList<>();
		for (Object group : (List<?>) alerts.get("groups")) {
			for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
				assertThat(((Map<?, ?>) rule).get("alert")).as("every rule is an alert with a name").isNotNull();
				expressions.add((String) ((Map<?, ?>) rule).get("expr"));
			}
		}
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(ops.resolve("grafana/spa-booking.json")));
		assertThat(dashboard.path("panels").size()).isPositive();
		dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(
				target.path("expr").asString())));

		Matcher metric = Pattern.compile("\\b((?:booking|kafka)_[a-z_]+)").matcher(String.join("\n", expressions));
		List<String> named = new ArrayList<>();
		while (metric.find()) {
			named.add(metric.group(1));
		}
		assertThat(named).hasSizeGreaterThan(10);
		assertThat(named).allSatisfy(name -> assertThat(exposed).as("exposed metrics").contains(name));
	}
}
