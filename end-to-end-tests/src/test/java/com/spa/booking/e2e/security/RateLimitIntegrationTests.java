package com.spa.booking.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.spa.booking.gateway.GatewayApplication;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;

/**
 * Per-caller rate limits (OWASP API4): past its burst a caller is answered {@code 429} with {@code Retry-After}, and
 * the others go on as if it were not there. A gateway of its own, with small buckets that refill slowly, so that what
 * the test sends is certain to pass the burst and certain not to be refilled in between.
 */
class RateLimitIntegrationTests {

	static final int BURST = 5;

	static ConfigurableApplicationContext gateway;

	static Api staff;

	static UUID customer;

	@BeforeAll
	static void gatewayWithSmallBuckets() {
		LocalStack stack = TestStack.get();
		gateway = GatewayApplication.application()
			.run(TestIssuer.gatewayArguments("--spring.datasource.url=" + stack.jdbcUrl(),
					"--spring.datasource.username=" + stack.jdbcUsername(),
					"--spring.datasource.password=" + stack.jdbcPassword(),
					"--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(), "--server.port=0",
					"--spring.main.register-shutdown-hook=false", "--booking.security.rate-limit.burst=" + BURST,
					"--booking.security.rate-limit.per-second=1", "--booking.security.rate-limit.anonymous-burst=" + BURST,
					"--booking.security.rate-limit.anonymous-per-second=1"));
		staff = new Api("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
		customer = new Api(TestStack.get().gatewayUrl()).newCustomer();
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void aCallerPastItsBurstIsAnsweredTooManyRequestsAndTheOthersAreNotSlowed() {
		Api noisy = staff.as(Tokens.customer(customer));
		Api quiet = staff.as(Tokens.of("front-desk"));

		List<Api.Response> answers = new ArrayList<>();
		for (int i = 0; i < BURST * 3; i++) {
			answers.add(noisy.get("/api/v1/customers/" + customer));
		}
		Api.Response other = quiet.get("/api/v1/customers/" + customer);

		List<Api.Response> rejected = answers.stream().filter(answer -> answer.status() == 429).toList();
		assertThat(answers.stream().filter(answer -> answer.status() == 200)).hasSizeBetween(BURST, BURST + 2);
		assertThat(rejected).hasSizeGreaterThanOrEqualTo(BURST * 3 - BURST - 2);
		Api.Response first = rejected.get(0);
		assertThat(first.contentType()).contains("application/problem+json");
		assertThat(first.text("type")).isEqualTo("urn:spa-booking:problem:too-many-requests");
		assertThat(Integer.parseInt(first.header("Retry-After"))).isBetween(1, 60);
		assertThat(other.status()).as("another caller").isEqualTo(200);
	}

	@Test
	void requestsWithoutATokenAreLimitedByTheirAddress() {
		Api anonymous = Api.anonymous(staff.baseUrl());

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < BURST * 3; i++) {
			statuses.add(anonymous.get("/api/v1/services").status());
		}

		assertThat(statuses).contains(200, 429);
		assertThat(statuses.indexOf(429)).isBetween(BURST, BURST + 2);
	}
}
