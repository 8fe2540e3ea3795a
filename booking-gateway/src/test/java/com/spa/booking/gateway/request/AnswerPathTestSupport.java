package com.spa.booking.gateway.request;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The answer path of the asynchronous commands (the {@code Prefer} and {@code Idempotency-Key} arguments and
 * {@link CommandResponder}) for web slices of controllers in other packages; the test mocks {@link CommandSubmitter}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ RequestArguments.class, CommandResponder.class })
public class AnswerPathTestSupport {
}
