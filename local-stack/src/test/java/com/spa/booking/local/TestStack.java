package com.spa.booking.local;

import java.util.Map;

/** One local stack per test JVM, shared by the end-to-end tests (they keep apart by using fresh IDs). */
final class TestStack {

	private static LocalStack stack;

	private TestStack() {
	}

	static synchronized LocalStack get() {
		if (stack == null) {
			stack = LocalStack.start(LocalStack.Options.forTests(Map.of("booking.expiry-sweep-interval", "200ms")));
			Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "test-stack-stop"));
		}
		return stack;
	}
}
