package com.spa.booking.e2e.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.spa.booking.local.LocalStack;
import com.spa.booking.testing.Infrastructure;

/**
 * One local stack per test JVM, shared by the end-to-end tests. They keep apart by using fresh IDs and times of their
 * own, spread over decades, so the stack books that far ahead (the default horizon is a year).
 */
public final class TestStack {

	/** How far ahead the test stack books. */
	public static final Duration HORIZON = Duration.ofDays(36_500);

	private static LocalStack stack;

	private TestStack() {
	}

	public static synchronized LocalStack get() {
		if (stack == null) {
			Map<String, Object> properties = new LinkedHashMap<>(TestIssuer.gatewayProperties());
			properties.put("booking.expiry-sweep-interval", "200ms");
			properties.put("booking.horizon", HORIZON.toDays() + "d");
			// both applications hand their spans to the tests as well, and trace every request (the gateway's default is
			// one in ten), so that TracingIntegrationTests can follow any hold it makes
			properties.put("spring.main.sources", CapturedSpans.class.getName());
			properties.put("management.tracing.sampling.probability", "1.0");
			// throwaway servers: embedded, or containers with -Dspa.infra=testcontainers
			stack = LocalStack.start(new LocalStack.Options(0, null, properties, false, 0, 0, null),
					Infrastructure.postgres(), Infrastructure.kafka());
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-stop"));
		}
		return stack;
	}
}
