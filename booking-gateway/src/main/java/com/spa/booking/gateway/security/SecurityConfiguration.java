package com.spa.booking.gateway.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.time.Clock;
import java.util.List;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.pages.PagePolicy;
import com.spa.booking.gateway.pages.SignIn;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what, deny by default: every endpoint has a rule here naming the roles that may call it, and anything
 * without one is rejected ({@code 401} without a token, {@code 403} with one). What a customer may see of other
 * customers' data is decided by the controllers, with {@link Caller}. {@code SecurityIntegrationTests} walks
 * every endpoint with every role, so an endpoint added without a rule fails the build.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CUSTOMER = Role.CUSTOMER.claim();

	private static final String FRONT_DESK = Role.FRONT_DESK.claim();

	private static final String ADMIN = Role.ADMIN.claim();

	private static final String PAYMENT = Role.PAYMENT.claim();

	/** Availability for nobody in particular is public: it shows free times, nobody's bookings. */
	private static final RequestMatcher PUBLIC_AVAILABILITY = request -> "GET".equals(request.getMethod())
			&& "/api/v1/availability".equals(request.getRequestURI()) && request.getParameter("customerId") == null
			&& request.getParameter("bookingId") == null;

	/** The OpenAPI document and Swagger UI (its page, scripts, styles and configuration): public, like the API it describes. */
	private static final String[] API_DOCUMENTATION = { "/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
			"/swagger-ui/**" };

	/** Nothing may be loaded, framed or run: the API answers JSON only. */
	private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

	/**
	 * Swagger UI runs its own scripts and styles from this gateway (no CDN, nothing inline) and fetches the document
	 * from here; its stylesheet draws icons as data: URIs. Still nothing from elsewhere, and never framed.
	 */
	private static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Bean
	SecurityFilterChain api(HttpSecurity http, JsonMapper json, GatewayProperties properties, Environment environment)
			throws Exception {
		ProblemResponses problems = new ProblemResponses(json);
		GatewayProperties.Security settings = properties.security();
		RequestMatcher swaggerUi = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"),
				PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"));
		RequestMatcher pages = PagePolicy.matcher();
		http.csrf(AbstractHttpConfigurer::disable) // no cookies: a bearer token cannot be forged by another site
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.cors(cors -> cors.configurationSource(cors(settings)))
			.headers(headers -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
						new StaticHeadersWriter("Content-Security-Policy", SWAGGER_UI_POLICY)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(pages,
						new StaticHeadersWriter("Content-Security-Policy",
								PagePolicy.contentSecurityPolicy(SignIn.of(properties, environment), properties.pages()))))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
						new NegatedRequestMatcher(new OrRequestMatcher(swaggerUi, pages)),
						new StaticHeadersWriter("Content-Security-Policy", API_POLICY)))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.authorizeHttpRequests(requests -> requests
				// the answer to an authorised request, on its way back (async results, error pages)
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				// the operators' port (management.server.port): health for the probes, metrics for Prometheus
				.requestMatchers(onTheManagementPort(environment)).permitAll()
				// only where an operator put the actuator on the API's port after all
				.requestMatchers("/actuator/**").hasRole(ADMIN)
				.requestMatchers(GET, API_DOCUMENTATION).permitAll()
				// the customer page and the front desk's, which sign in themselves and then call the API below
				.requestMatchers(GET, PagePolicy.PATHS).permitAll()
				.requestMatchers(GET, "/api/v1/therapists", "/api/v1/services").permitAll()
				.requestMatchers(PUBLIC_AVAILABILITY).permitAll()
				.requestMatchers(GET, "/api/v1/availability").hasAnyRole(CUSTOMER, FRONT_DESK)
				.requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
				.requestMatchers(POST, "/api/v1/customers").hasAnyRole(CUSTOMER, FRONT_DESK, ADMIN)
				.requestMatchers(GET, "/api/v1/customers/*").hasAnyRole(CUSTOMER, FRONT_DESK)
				.requestMatchers(GET, "/api/v1/customers/*/bookings").hasAnyRole(CUSTOMER, FRONT_DESK, ADMIN)
				.requestMatchers(POST, "/api/v1/bookings", "/api/v1/booking-sessions").hasAnyRole(CUSTOMER, FRONT_DESK)
				.requestMatchers(POST, "/api/v1/bookings/*/confirm", "/api/v1/booking-sessions/*/confirm")
				.hasAnyRole(CUSTOMER, FRONT_DESK, PAYMENT)
				.requestMatchers(POST, "/api/v1/bookings/*/cancel", "/api/v1/bookings/*/reschedule",
						"/api/v1/booking-sessions/*/cancel")
				.hasAnyRole(CUSTOMER, FRONT_DESK)
				// what happened once a booking started is the front desk's to say
				.requestMatchers(POST, "/api/v1/bookings/*/complete", "/api/v1/bookings/*/no-show").hasRole(FRONT_DESK)
				.requestMatchers(GET, "/api/v1/bookings/*", "/api/v1/booking-sessions/*")
				.hasAnyRole(CUSTOMER, FRONT_DESK, PAYMENT)
				.requestMatchers(GET, "/api/v1/bookings").hasAnyRole(FRONT_DESK, PAYMENT)
				// every booking of the spa as it changes: the front desk's day view
				.requestMatchers(GET, "/api/v1/booking-events").hasRole(FRONT_DESK)
				.requestMatchers(POST, "/api/v1/waitlist", "/api/v1/waitlist/*/leave").hasAnyRole(CUSTOMER, FRONT_DESK)
				.requestMatchers(GET, "/api/v1/waitlist/*", "/api/v1/customers/*/waitlist").hasAnyRole(CUSTOMER, FRONT_DESK)
				.requestMatchers(GET, "/api/v1/waitlist").hasRole(FRONT_DESK)
				.requestMatchers(GET, "/api/v1/requests/*").authenticated()
				.anyRequest().denyAll())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> {
			})
				.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems::unauthorized)
				.accessDeniedHandler(problems::forbidden))
			.addFilterBefore(new BodySizeLimit(settings.maxBodySize(), problems), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new RateLimitFilter(settings.rateLimit(), problems), BearerTokenAuthenticationFilter.class);
		return http.build();
	}

	/** Each bearer token checked once while it is valid ({@link RememberingJwtDecoder}). */
	@Bean
	static BeanPostProcessor rememberedTokens(ObjectProvider<Clock> clock) {
		return RememberingJwtDecoder.rememberingDecoders(clock.getIfAvailable(Clock::systemUTC));
	}

	private static RequestMatcher onTheManagementPort(Environment environment) {
		return request -> {
			String port = environment.getProperty("local.management.port");
			return port != null && Integer.parseInt(port) == request.getLocalPort();
		};
	}

	private static CorsConfigurationSource cors(GatewayProperties.Security settings) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(settings.corsOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "PUT"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key", "Prefer"));
		cors.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, "Preference-Applied"));
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", cors);
		return source;
	}
}
