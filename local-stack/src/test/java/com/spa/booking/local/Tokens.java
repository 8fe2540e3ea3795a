package com.spa.booking.local;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from the test issuer, minted the way the README's curl lines do: the {@code client_credentials} grant
 * of the {@code local-dev} client, shaped by {@code role} and {@code customer_id}.
 */
final class Tokens {

	private static final Map<String, String> MINTED = new ConcurrentHashMap<>();

	private Tokens() {
	}

	/** Front desk, admin and payment at once: for tests about something other than who may do what. */
	static String staff() {
		return MINTED.computeIfAbsent("staff", key -> LocalIssuer.token(TestIssuer.uri(), "front-desk admin payment", null));
	}

	/** @param role customer (with a new customer ID), front-desk, admin or payment */
	static String of(String role) {
		return MINTED.computeIfAbsent(role, key -> LocalIssuer.token(TestIssuer.uri(), role, null));
	}

	static String customer(UUID customerId) {
		return MINTED.computeIfAbsent("customer:" + customerId,
				key -> LocalIssuer.token(TestIssuer.uri(), "customer", customerId));
	}

	/** The token endpoint's whole answer, for tests of the issuer itself. */
	static HttpResponse<String> request(String form) {
		return LocalIssuer.requestToken(TestIssuer.uri(), form);
	}
}
