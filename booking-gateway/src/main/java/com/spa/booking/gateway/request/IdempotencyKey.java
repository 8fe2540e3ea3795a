package com.spa.booking.gateway.request;

/**
 * The {@code Idempotency-Key} header: a retry with the same key (of the same caller) is the same request. A blank key
 * is no key. A controller method takes it as a parameter ({@link RequestArguments}).
 *
 * @param value stripped; null when the request has none
 */
public record IdempotencyKey(String value) {

	public static final String HEADER = "Idempotency-Key";

	public static final IdempotencyKey NONE = new IdempotencyKey(null);

	/** @param header null when the request has none */
	static IdempotencyKey of(String header) {
		return header == null || header.isBlank() ? NONE : new IdempotencyKey(header.strip());
	}
}
