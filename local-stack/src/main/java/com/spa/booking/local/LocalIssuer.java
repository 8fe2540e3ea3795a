package com.spa.booking.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A real OAuth2 authorization server (Spring Authorization Server) for the local stack and its tests, standing in for
 * the spa's identity provider; it is not in the gateway's jar. One client, {@code local-dev} with secret
 * {@code local-dev}, may use the {@code client_credentials} grant, and two form parameters shape its token:
 * {@code role} ({@code customer}, {@code front-desk}, {@code admin}, {@code payment}; several separated by spaces) and,
 * for a customer, {@code customer_id}, which becomes the token's subject (a new one when absent, for a customer who is
 * about to register).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LocalIssuer {

	public static final String CLIENT_ID = "local-dev";

	public static final String CLIENT_SECRET = "local-dev";

	/** The claim the gateway reads roles from ({@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name}). */
	public static final String ROLES_CLAIM = "roles";

	private static final Set<String> ROLES = Set.of("customer", "front-desk", "admin", "payment");

	private static final String CLIENT = "spring.security.oauth2.authorizationserver.client.local-dev.";

	/** Starts the issuer on the port (0 for any free one); its issuer URI is {@link #issuerUri(ConfigurableApplicationContext)}. */
	public static ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(LocalIssuer.class)
			.properties("spring.config.name=local-issuer")
			.run("--server.port=" + port, "--spring.application.name=local-issuer",
					"--" + CLIENT + "registration.client-id=" + CLIENT_ID,
					"--" + CLIENT + "registration.client-secret={noop}" + CLIENT_SECRET,
					"--" + CLIENT + "registration.client-authentication-methods=client_secret_basic,client_secret_post",
					"--" + CLIENT + "registration.authorization-grant-types=client_credentials",
					"--" + CLIENT + "token.access-token-time-to-live=1h",
					"--spring.autoconfigure.exclude=" + String.join(",", LocalIssuer.NOT_HERE),
					"--spring.main.register-shutdown-hook=false");
	}

	public static String issuerUri(ConfigurableApplicationContext issuer) {
		return "http://localhost:" + ((WebServerApplicationContext) issuer).getWebServer().getPort();
	}

	/**
	 * A token from the issuer, as the README's curl line gets one: the {@code client_credentials} grant of
	 * {@code local-dev}.
	 *
	 * @param roles one or more roles, separated by spaces
	 * @param customerId for a customer token, its subject; null for a new one (or for staff)
	 */
	public static String token(String issuerUri, String roles, UUID customerId) {
		HttpResponse<String> response = requestToken(issuerUri, "grant_type=client_credentials&role="
				+ URLEncoder.encode(roles, StandardCharsets.UTF_8) + (customerId == null ? "" : "&customer_id=" + customerId));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("No token for " + roles + ": " + response.statusCode() + " " + response.body());
		}
		return JsonMapper.builder().build().readTree(response.body()).path("access_token").asString();
	}

	/** The token endpoint's whole answer to a form, sent with the dev client's credentials. */
	public static HttpResponse<String> requestToken(String issuerUri, String form) {
		String basic = Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(issuerUri + "/oauth2/token"))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** What the class path offers for the gateway and the worker, and the issuer needs not. */
	private static final List<String> NOT_HERE = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
			"org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration");

	/** The token's roles and subject, from the form parameters of the token request. */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> rolesFromTheRequest() {
		return context -> {
			if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
					|| !OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			OAuth2ClientCredentialsAuthenticationToken grant = context.getAuthorizationGrant();
			Map<String, Object> parameters = grant.getAdditionalParameters();
			List<String> roles = values(parameters.get("role"));
			if (roles.isEmpty() || !ROLES.containsAll(roles)) {
				throw invalid("role must be one or more of customer, front-desk, admin, payment (got " + roles + ")");
			}
			String subject;
			if (roles.contains("customer")) {
				List<String> customer = values(parameters.get("customer_id"));
				try {
					subject = customer.isEmpty() ? UUID.randomUUID().toString()
							: UUID.fromString(customer.get(0)).toString();
				}
				catch (IllegalArgumentException notAnId) {
					throw invalid("customer_id must be a customer ID (a UUID)");
				}
			}
			else {
				subject = String.join("+", roles) + "@" + CLIENT_ID;
			}
			context.getClaims().subject(subject).claim(ROLES_CLAIM, roles);
		};
	}

	private static List<String> values(Object parameter) {
		List<String> values = new ArrayList<>();
		if (parameter instanceof String text) {
			values.addAll(Arrays.asList(text.trim().split("[\\s,]+")));
		}
		else if (parameter instanceof String[] texts) {
			for (String text : texts) {
				values.addAll(Arrays.asList(text.trim().split("[\\s,]+")));
			}
		}
		values.removeIf(String::isEmpty);
		return values;
	}

	private static OAuth2AuthenticationException invalid(String why) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, why, null));
	}
}
