package com.spa.booking.gateway.request;

import java.util.List;

import com.spa.booking.gateway.web.PlainText;
import com.spa.booking.gateway.web.Problems;

/**
 * The {@code Idempotency-Key} header: a retry with the same key (of the same caller) is the same request. A blank key
 * is no key. A controller method takes it as a parameter ({@link RequestArguments}).
 *
 * @param value stripped; null when the request has none
 */
public record IdempotencyKey(String value) {

	public static final String HEADER = "Idempotency-Key";

	public static final IdempotencyKey NONE = new IdempotencyKey(null);

	/**
	 * The longest key taken, as Stripe's: a key is stored in a unique index, whose entries PostgreSQL keeps to about
	 * 2,700 bytes; a longer one would fail its request as a 500.
	 */
	public static final int MAX_LENGTH = 255;

	/**
	 * @param header null when the request has none
	 * @throws org.springframework.web.ErrorResponseException 400 for a key that is not plain text of at most
	 * {@link #MAX_LENGTH} characters
	 */
	static IdempotencyKey of(String header) {
		if (header == null || header.isBlank()) {
			return NONE;
		}
		String key = header.strip();
		PlainText.Validator.violation(key, 1, MAX_LENGTH).ifPresent(message -> {
			throw Problems.badRequest(List.of(new Problems.FieldError(HEADER, message)));
		});
		return new IdempotencyKey(key);
	}
}
