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
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * A real OAuth2 authorization server (Spring Authorization Server) for the local stack and its tests, standing in for
 * the spa's identity provider, so that the gateway is exercised with the very checks (signature, issuer, expiry, roles)
 * it makes in production; it is not in the gateway's jar.
 * <p>
 * Two kinds of caller need tokens. Scripts and tests want any role for any customer without a browser, so the
 * confidential client {@code local-dev} (secret {@code local-dev}) may use the {@code client_credentials} grant, and
 * two form parameters shape its token: {@code role} ({@code customer}, {@code front-desk}, {@code admin},
 * {@code payment}; several separated by spaces) and, for a customer, {@code customer_id}, which becomes the token's
 * subject (a new one when absent, for a customer who is about to register).
 * <p>
 * The gateway's browser pages sign people in as a real identity provider would have them do it: the public client
 * {@code spa-pages} may only use the authorization code grant with PKCE (a page cannot keep a secret), and people sign in
 * with a password form as one of the {@link #DEMO_USERS}. Their tokens carry what the gateway reads from any provider:
 * {@code roles}, and the customer ID as {@code sub} for a customer. The pages are served from {@code 127.0.0.1} on
 * whatever port the gateway has: the server refuses {@code localhost} redirect URIs but, as OAuth 2.1 asks for loopback
 * addresses, ignores the port of a {@code 127.0.0.1} one; signing out gets the same rule here (see
 * {@link #postLogoutRedirectOnAnyLoopbackPort}). The browser fetches tokens cross-origin, hence CORS for any loopback
 * origin.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class LocalIssuer {

	public static final String CLIENT_ID = "local-dev";

	public static final String CLIENT_SECRET = "local-dev";

	/** The claim the gateway reads roles from ({@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name}). */
	public static final String ROLES_CLAIM = "roles";

	private static final Set<String> ROLES = Set.of("customer", "front-desk", "admin", "payment");

	/** The public client of the gateway's pages: authorization code with PKCE, no secret. */
	public static final String PAGES_CLIENT_ID = "spa-pages";

	/**
	 * Where the pages may be sent back after signing in or out: the customer page and the front desk's, on
	 * {@code 127.0.0.1} at any port (the port here is {@code ./run-local}'s; any other is accepted as well).
	 */
	public static final List<String> PAGES_REDIRECT_URIS = List.of("http://127.0.0.1:8080/",
			"http://127.0.0.1:8080/front-desk");

	/**
	 * Who may sign in on the pages. The passwords are no secret: these people exist only in the local stack (this class
	 * is never part of the gateway's jar), and tests and demos sign in with them.
	 */
	public record DemoUser(String username, String password, String displayName, List<String> roles, UUID customerId) {

		/** What the gateway identifies them by: a customer by their customer ID, staff by their username. */
		public String subject() {
			return customerId == null ? username : customerId.toString();
		}
	}

	public static final DemoUser DANA = new DemoUser("dana", "dana", "Dana Demo", List.of("customer"),
			UUID.fromString("33333333-0000-0000-0000-000000000001"));

	public static final DemoUser BEN = new DemoUser("ben", "ben", "Ben Demo", List.of("customer"),
			UUID.fromString("33333333-0000-0000-0000-000000000002"));

	public static final DemoUser DESK = new DemoUser("desk", "desk", "Front Desk", List.of("front-desk"), null);

	/** Dana and Ben are customers of the demo spa ({@code demo-data.sql}), Desk works at its front desk. */
	public static final List<DemoUser> DEMO_USERS = List.of(DANA, BEN, DESK);

	private static final String CLIENT = "spring.security.oauth2.authorizationserver.client.local-dev.";

	private static final String PAGES = "spring.security.oauth2.authorizationserver.client.spa-pages.";

	/** Pages are served by the gateway from a loopback address, on whatever port it has. */
	private static final List<String> PAGE_ORIGINS = List.of("http://127.0.0.1:[*]", "http://localhost:[*]");

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
					"--" + PAGES + "registration.client-id=" + PAGES_CLIENT_ID,
					"--" + PAGES + "registration.client-authentication-methods=none",
					"--" + PAGES + "registration.authorization-grant-types=authorization_code",
					"--" + PAGES + "registration.redirect-uris=" + String.join(",", PAGES_REDIRECT_URIS),
					"--" + PAGES + "registration.post-logout-redirect-uris=" + String.join(",", PAGES_REDIRECT_URIS),
					"--" + PAGES + "registration.scopes=openid,profile",
					"--" + PAGES + "require-proof-key=true",
					"--" + PAGES + "require-authorization-consent=false",
					"--" + PAGES + "token.access-token-time-to-live=1h",
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

	/**
	 * The authorization server's endpoints, as Boot would set them up (OpenID Connect, a login page for browsers, JWTs
	 * for the user info endpoint), and in addition CORS, because the pages fetch tokens cross-origin, and signing out
	 * to a page on any loopback port.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain issuerEndpoints(HttpSecurity http, CorsConfigurationSource pageOrigins) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(oidc -> oidc.logoutEndpoint(logout -> logout.authenticationProviders(providers -> providers
				.stream()
				.filter(OidcLogoutAuthenticationProvider.class::isInstance)
				.map(OidcLogoutAuthenticationProvider.class::cast)
				.forEach(provider -> provider.setAuthenticationValidator(LocalIssuer::postLogoutRedirectOnAnyLoopbackPort)))));
		})
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.cors(cors -> cors.configurationSource(pageOrigins))
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), browsers()));
		return http.build();
	}

	/**
	 * The sign-in form, and everything but the endpoints. CORS here too: the endpoints' matchers name their methods
	 * (POST for the token endpoint), so a browser's preflight ({@code OPTIONS}) arrives at this chain.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain signIn(HttpSecurity http, CorsConfigurationSource pageOrigins) throws Exception {
		return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.cors(cors -> cors.configurationSource(pageOrigins))
			.build();
	}

	@Bean
	CorsConfigurationSource pageOrigins() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(PAGE_ORIGINS);
		cors.setAllowedMethods(List.of("GET", "POST"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	@Bean
	UserDetailsService demoUsers() {
		return new InMemoryUserDetailsManager(DEMO_USERS.stream()
			.map(user -> User.withUsername(user.username())
				.password("{noop}" + user.password())
				.authorities(user.roles().toArray(String[]::new))
				.build())
			.toList());
	}

	/** The server takes one customizer for every token; each grant shapes its tokens its own way. */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> claims() {
		OAuth2TokenCustomizer<JwtEncodingContext> fromTheRequest = rolesFromTheRequest();
		OAuth2TokenCustomizer<JwtEncodingContext> ofTheSignedIn = claimsOfTheSignedInUser();
		return context -> {
			fromTheRequest.customize(context);
			ofTheSignedIn.customize(context);
		};
	}

	/** The token's roles and subject, from the form parameters of the token request. */
	static OAuth2TokenCustomizer<JwtEncodingContext> rolesFromTheRequest() {
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

	/**
	 * A signed-in person's tokens say who they are to the gateway: the subject it identifies them by and their roles,
	 * in the access token for the gateway and in the ID token for the page (which also shows their name). The server
	 * would make the username the subject, which means nothing to the gateway for a customer.
	 */
	static OAuth2TokenCustomizer<JwtEncodingContext> claimsOfTheSignedInUser() {
		return context -> {
			if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
				return;
			}
			boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
			if (!idToken && !OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			DemoUser user = DEMO_USERS.stream()
				.filter(demo -> demo.username().equals(context.getPrincipal().getName()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Not a demo user: " + context.getPrincipal().getName()));
			context.getClaims().subject(user.subject()).claim(ROLES_CLAIM, user.roles());
			if (idToken) {
				context.getClaims().claim(StandardClaimNames.NAME, user.displayName());
			}
		};
	}

	/**
	 * Signing out may send the browser back to a page on any port of {@code 127.0.0.1}, as signing in may: the server's
	 * own check wants one of the registered URIs exactly, so a page on a port other than 8080 (every test's gateway) could
	 * sign in but not out. Anything else must still be registered exactly.
	 */
	static void postLogoutRedirectOnAnyLoopbackPort(OidcLogoutAuthenticationContext context) {
		OidcLogoutAuthenticationToken logout = context.getAuthentication();
		String requested = logout.getPostLogoutRedirectUri();
		if (!StringUtils.hasText(requested)) {
			return;
		}
		var registered = context.getRegisteredClient().getPostLogoutRedirectUris();
		if (registered.contains(requested)) {
			return;
		}
		UriComponents uri = UriComponentsBuilder.fromUriString(requested).build();
		boolean onAnotherLoopbackPort = "127.0.0.1".equals(uri.getHost()) && registered.stream()
			.anyMatch(candidate -> UriComponentsBuilder.fromUriString(candidate)
				.port(uri.getPort())
				.build()
				.toString()
				.equals(requested));
		if (!onAnotherLoopbackPort) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"OpenID Connect 1.0 Logout Request Parameter: post_logout_redirect_uri",
					"https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ValidationAndErrorHandling"));
		}
	}

	/** Browsers asking for a page are sent to sign in; other callers get a plain 401. */
	private static MediaTypeRequestMatcher browsers() {
		MediaTypeRequestMatcher browsers = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		browsers.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return browsers;
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
