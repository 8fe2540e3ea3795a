package com.spa.booking.local;

import java.time.Duration;
import java.util.Map;

/**
 * One local stack per test JVM, shared by the end-to-end tests. They keep apart by using fresh IDs and times of their
 * own, spread over decades, so the stack books that far ahead (the default horizon is a year).
 */
final class TestStack {

	/** How far ahead the test stack books. */
	static final Duration HORIZON = Duration.ofDays(36_500);

	private static LocalStack stack;

	private TestStack() {
	}

	static synchronized LocalStack get() {
		if (stack == null) {
			Map<String, Object> properties = new java.util.LinkedHashMap<>(TestIssuer.gatewayProperties());
			properties.put("booking.expiry-sweep-interval", "200ms");
			properties.put("booking.horizon", HORIZON.toDays() + "d");
			// both applications hand their spans to the tests as well, and trace every request (the gateway's default is
			// one in ten), so that TracingIntegrationTests can follow any hold it makes
			properties.put("spring.main.sources", CapturedSpans.class.getName());
			properties.put("management.tracing.sampling.probability", "1.0");
			stack = LocalStack.start(LocalStack.Options.forTests(properties));
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-stop"));
		}
		return stack;
	}
}
