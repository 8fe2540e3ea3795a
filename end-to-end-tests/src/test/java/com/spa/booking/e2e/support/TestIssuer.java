package com.spa.booking.e2e.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import com.spa.booking.local.LocalIssuer;

/**
 * One OAuth2 issuer per test JVM ({@link LocalIssuer}, as {@code ./run-local} runs it), whose tokens every gateway
 * under test accepts.
 */
public final class TestIssuer {

	/** The web origin whose pages the gateways under test let call them. */
	public static final String WEB_ORIGIN = "https://spa.example";

	private static ConfigurableApplicationContext issuer;

	private TestIssuer() {
	}

	public static synchronized String uri() {
		if (issuer == null) {
			issuer = LocalIssuer.start(0);
			Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "test-issuer-stop"));
		}
		return LocalIssuer.issuerUri(issuer);
	}

	/**
	 * What a gateway under test needs: this issuer, and rate limits no test of another behaviour runs into (the
	 * rate-limit tests set their own). Harmless to a worker given the same.
	 */
	public static Map<String, Object> gatewayProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", uri());
		properties.put("booking.security.cors-origins", WEB_ORIGIN);
		properties.put("booking.security.rate-limit.burst", 1_000_000);
		properties.put("booking.security.rate-limit.per-second", 1_000_000);
		properties.put("booking.security.rate-limit.anonymous-burst", 1_000_000);
		properties.put("booking.security.rate-limit.anonymous-per-second", 1_000_000);
		return properties;
	}

	/** {@link #gatewayProperties()} as command-line arguments, for a gateway of its own: with its actuator on any free port. */
	public static List<String> gatewayArguments() {
		Map<String, Object> properties = gatewayProperties();
		properties.put("management.server.port", 0);
		return properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toList();
	}

	/** A gateway's own arguments, with those of {@link #gatewayArguments()} it does not set itself. */
	public static String[] gatewayArguments(String... own) {
		Map<String, String> arguments = new LinkedHashMap<>();
		java.util.stream.Stream.concat(gatewayArguments().stream(), java.util.Arrays.stream(own))
			.forEach(argument -> arguments.put(argument.split("=", 2)[0], argument));
		return arguments.values().toArray(String[]::new);
	}

	/** Where a gateway started with {@link #gatewayArguments()} serves its actuator. */
	public static String managementUrl(ConfigurableApplicationContext gateway) {
		return "http://localhost:" + gateway.getEnvironment().getProperty("local.management.port");
	}
}
