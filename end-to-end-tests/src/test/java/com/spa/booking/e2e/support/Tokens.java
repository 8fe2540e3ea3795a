package com.spa.booking.e2e.support;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.spa.booking.local.LocalIssuer;

/**
 * Bearer tokens from the test issuer, minted the way the README's curl lines do: the {@code client_credentials} grant
 * of the {@code local-dev} client, shaped by {@code role} and {@code customer_id}.
 */
public final class Tokens {

	private static final Map<String, String> MINTED = new ConcurrentHashMap<>();

	private Tokens() {
	}

	/** Front desk, admin and payment at once: for tests about something other than who may do what. */
	public static String staff() {
		return MINTED.computeIfAbsent("staff", key -> LocalIssuer.token(TestIssuer.uri(), "front-desk admin payment", null));
	}

	/** @param role customer (with a new customer ID), front-desk, admin or payment */
	public static String of(String role) {
		return MINTED.computeIfAbsent(role, key -> LocalIssuer.token(TestIssuer.uri(), role, null));
	}

	public static String customer(UUID customerId) {
		return MINTED.computeIfAbsent("customer:" + customerId,
				key -> LocalIssuer.token(TestIssuer.uri(), "customer", customerId));
	}

	/** The token endpoint's whole answer, for tests of the issuer itself. */
	public static HttpResponse<String> request(String form) {
		return LocalIssuer.requestToken(TestIssuer.uri(), form);
	}
}
