package com.spa.booking.e2e.faults;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.spa.booking.gateway.GatewayApplication;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.FreshDatabase;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * A gateway whose broker is gone: requests are answered 503 problem+json within seconds (no hung threads), nothing is
 * lost (the request says FAILED, and a retry with the same key is safe).
 */
@Tag("faults")
@ExtendWith(OutputCaptureExtension.class)
class BrokerUnavailableIntegrationTests {

	/** How long the gateway took to start without its broker. */
	static Duration startup;

	static ConfigurableApplicationContext gateway;

	static Api api;

	static Fixtures fixtures;

	@BeforeAll
	static void gatewayWithoutABroker(CapturedOutput output) throws Exception {
		LocalStack stack = TestStack.get();
		int nobodyListens;
		try (ServerSocket socket = new ServerSocket(0)) {
			nobodyListens = socket.getLocalPort();
		}
		FreshDatabase database = FreshDatabase.on(stack);
		Instant starting = Instant.now();
		gateway = GatewayApplication.application()
			.run(TestIssuer.gatewayArguments("--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(),
					"--spring.kafka.bootstrap-servers=localhost:" + nobodyListens, "--server.port=0",
					"--spring.main.register-shutdown-hook=false"));
		startup = Duration.between(starting, Instant.now());
		startOutput = output.getOut() + output.getErr();
		api = new Api("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
		fixtures = new Fixtures(database.jdbc());
	}

	static String startOutput;

	@Test
	void theGatewayStartsInSecondsSaysInOneLineThatTheBrokerIsAwayAndIsNotReady() {
		Api.Response readiness = Api.anonymous(TestIssuer.managementUrl(gateway)).get("/actuator/health/readiness");

		assertThat(startup).as("started in").isLessThan(Duration.ofSeconds(20));
		assertThat(startOutput).contains("is not reachable: booking requests are answered 503 and readiness is DOWN");
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.body().path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void aHoldIsAnsweredServiceUnavailableWithinSecondsAndItsRequestSaysFailed() {
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID customer = fixtures.customers(1).get(0);
		String key = UUID.randomUUID().toString();
		String body = holdJson(customer, therapist, service, Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS));

		Instant sent = Instant.now();
		Api.Response rejected = api.post("/api/v1/bookings", body, "Prefer", "wait=10", "Idempotency-Key", key);
		Duration took = Duration.between(sent, Instant.now());

		assertThat(rejected.status()).isEqualTo(503);
		assertThat(rejected.contentType()).isEqualTo("application/problem+json");
		assertThat(rejected.text("type")).isEqualTo("urn:spa-booking:problem:unavailable");
		// bounded by the producer's max.block.ms (3 s) and the publish timeout (6 s)
		assertThat(took).isLessThan(Duration.ofSeconds(10));
		Api.Response request = api.get("/api/v1/requests/" + rejected.text("requestId"));
		assertThat(request.text("status")).isEqualTo("FAILED");
		assertThat(request.body().path("problem").path("status").asInt()).isEqualTo(503);

		Api.Response retry = api.post("/api/v1/bookings", body, "Idempotency-Key", key);
		assertThat(retry.status()).isEqualTo(503);
		assertThat(retry.text("requestId")).isEqualTo(rejected.text("requestId"));
	}
}
