package com.spa.booking.e2e.security;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.MappedEndpoints;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;

/**
 * Who may call what (OWASP API1, API2, API5): every endpoint walked with every role and none, against a table of the
 * expected answers; a customer kept to their own bookings, sessions, requests and profile; Idempotency-Keys per caller;
 * bodies bounded; CORS and security headers. An endpoint added without a row in the table fails
 * {@link #everyEndpointOfTheGatewayIsInTheTable()}; one added without a rule in the gateway is rejected to everyone.
 */
class SecurityIntegrationTests {

	/** What a caller gets: rejected without a token, rejected for the role, or let through to the controller. */
	enum Answer {
		UNAUTHORIZED, FORBIDDEN, PASSES
	}

	/** The columns of the table: no token, then each role. */
	enum Who {
		NOBODY, CUSTOMER, FRONT_DESK, ADMIN, PAYMENT
	}

	static final Answer U = Answer.UNAUTHORIZED;

	static final Answer F = Answer.FORBIDDEN;

	static final Answer P = Answer.PASSES;

	static LocalStack stack;

	static Fixtures fixtures;

	static Api staff;

	static UUID customer;

	static Map<Who, Api> callers;

	/** The customer's own booking, session and request, for the rows with an ID in them. */
	static UUID booking;

	static UUID session;

	static UUID request;

	static UUID therapist;

	static UUID service;

	@BeforeAll
	static void aCustomerWithABookingASessionAndARequest() {
		stack = TestStack.get();
		fixtures = Fixtures.of(stack);
		staff = new Api(stack.gatewayUrl());
		service = fixtures.service(60, 0);
		therapist = fixtures.therapistAroundTheClock(service);
		customer = staff.newCustomer();
		callers = new LinkedHashMap<>();
		callers.put(Who.NOBODY, Api.anonymous(stack.gatewayUrl()));
		callers.put(Who.CUSTOMER, staff.as(Tokens.customer(customer)));
		callers.put(Who.FRONT_DESK, staff.as(Tokens.of("front-desk")));
		callers.put(Who.ADMIN, staff.as(Tokens.of("admin")));
		callers.put(Who.PAYMENT, staff.as(Tokens.of("payment")));
		Api own = callers.get(Who.CUSTOMER);
		Api.Response held = own.post("/api/v1/bookings", holdJson(customer, therapist, service, later(1)), "Prefer",
				"wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		booking = held.uuid("bookingId");
		Api.Response sessionHeld = own.post("/api/v1/booking-sessions", sessionJson(customer, later(5)), "Prefer", "wait=10");
		assertThat(sessionHeld.status()).as(sessionHeld.raw().body()).isEqualTo(201);
		session = sessionHeld.uuid("sessionId");
		request = own.post("/api/v1/bookings", holdJson(customer, therapist, service, later(9))).uuid("requestId");
	}

	/** One row: a request, and what each of NOBODY, CUSTOMER, FRONT_DESK, ADMIN, PAYMENT gets. */
	record Row(String method, String pattern, String path, String body, Answer... answers) {

		String key() {
			return method + " " + pattern;
		}
	}

	static List<Row> table() {
		String id = UUID.randomUUID().toString();
		String day = LocalDate.now().plusDays(30).toString();
		return List.of(
				new Row("GET", "/api/v1/therapists", "/api/v1/therapists", null, P, P, P, P, P),
				new Row("GET", "/api/v1/services", "/api/v1/services", null, P, P, P, P, P),
				new Row("GET", "/api/v1/availability", "/api/v1/availability?serviceId=" + service + "&date=" + day,
						null, P, P, P, P, P),
				new Row("GET", "/api/v1/availability", "/api/v1/availability?serviceId=" + service + "&date=" + day
						+ "&customerId=" + customer, null, U, P, P, F, F),
				new Row("POST", "/api/v1/customers", "/api/v1/customers", "{}", U, P, P, P, F),
				new Row("GET", "/api/v1/customers/{customerId}", "/api/v1/customers/" + customer, null, U, P, P, F, F),
				new Row("GET", "/api/v1/customers/{customerId}/bookings", "/api/v1/customers/" + customer + "/bookings",
						null, U, P, P, P, F),
				new Row("POST", "/api/v1/bookings", "/api/v1/bookings", "{}", U, P, P, F, F),
				new Row("GET", "/api/v1/bookings", "/api/v1/bookings?therapistId=" + therapist + "&from=2030-01-01T00:00Z"
						+ "&to=2030-01-02T00:00Z", null, U, F, P, F, P),
				new Row("GET", "/api/v1/bookings/{bookingId}", "/api/v1/bookings/" + booking, null, U, P, P, F, P),
				new Row("POST", "/api/v1/bookings/{bookingId}/confirm", "/api/v1/bookings/" + id + "/confirm", null,
						U, P, P, F, P),
				new Row("POST", "/api/v1/bookings/{bookingId}/cancel", "/api/v1/bookings/" + id + "/cancel", null,
						U, P, P, F, F),
				new Row("POST", "/api/v1/bookings/{bookingId}/reschedule", "/api/v1/bookings/" + id + "/reschedule", "{}",
						U, P, P, F, F),
				// what happened once a booking started: the front desk's to say
				new Row("POST", "/api/v1/bookings/{bookingId}/complete", "/api/v1/bookings/" + id + "/complete", null,
						U, F, P, F, F),
				new Row("POST", "/api/v1/bookings/{bookingId}/no-show", "/api/v1/bookings/" + id + "/no-show", null,
						U, F, P, F, F),
				new Row("POST", "/api/v1/booking-sessions", "/api/v1/booking-sessions", "{}", U, P, P, F, F),
				new Row("GET", "/api/v1/booking-sessions/{sessionId}", "/api/v1/booking-sessions/" + session, null,
						U, P, P, F, P),
				new Row("POST", "/api/v1/booking-sessions/{sessionId}/confirm",
						"/api/v1/booking-sessions/" + id + "/confirm", null, U, P, P, F, P),
				new Row("POST", "/api/v1/booking-sessions/{sessionId}/cancel", "/api/v1/booking-sessions/" + id + "/cancel",
						null, U, P, P, F, F),
				// the waitlist: a customer's own entries, and the front desk's for anyone; a day's line is the front desk's
				new Row("POST", "/api/v1/waitlist", "/api/v1/waitlist", "{}", U, P, P, F, F),
				new Row("GET", "/api/v1/waitlist", "/api/v1/waitlist?day=" + day, null, U, F, P, F, F),
				new Row("GET", "/api/v1/waitlist/{entryId}", "/api/v1/waitlist/" + id, null, U, P, P, F, F),
				new Row("POST", "/api/v1/waitlist/{entryId}/leave", "/api/v1/waitlist/" + id + "/leave", null,
						U, P, P, F, F),
				new Row("GET", "/api/v1/customers/{customerId}/waitlist", "/api/v1/customers/" + customer + "/waitlist",
						null, U, P, P, F, F),
				new Row("GET", "/api/v1/requests/{requestId}", "/api/v1/requests/" + request, null, U, P, P, P, P),
				new Row("POST", "/api/v1/admin/rooms", "/api/v1/admin/rooms", "{}", U, F, F, P, F),
				new Row("GET", "/api/v1/admin/rooms", "/api/v1/admin/rooms", null, U, F, F, P, F),
				new Row("POST", "/api/v1/admin/services", "/api/v1/admin/services", "{}", U, F, F, P, F),
				new Row("POST", "/api/v1/admin/therapists", "/api/v1/admin/therapists", "{}", U, F, F, P, F),
				new Row("PUT", "/api/v1/admin/therapists/{therapistId}/services",
						"/api/v1/admin/therapists/" + id + "/services", "{}", U, F, F, P, F),
				new Row("GET", "/api/v1/admin/therapists/{therapistId}/working-hours",
						"/api/v1/admin/therapists/" + therapist + "/working-hours", null, U, F, F, P, F),
				new Row("PUT", "/api/v1/admin/therapists/{therapistId}/working-hours",
						"/api/v1/admin/therapists/" + id + "/working-hours", "{}", U, F, F, P, F),
				new Row("POST", "/api/v1/admin/time-off", "/api/v1/admin/time-off", "{}", U, F, F, P, F),
				new Row("GET", "/api/v1/admin/booking-policy", "/api/v1/admin/booking-policy", null, U, F, F, P, F),
				new Row("PUT", "/api/v1/admin/booking-policy", "/api/v1/admin/booking-policy", "{}", U, F, F, P, F),
				new Row("GET", "/api/v1/admin/services/{serviceId}/booking-policy",
						"/api/v1/admin/services/" + service + "/booking-policy", null, U, F, F, P, F),
				new Row("PUT", "/api/v1/admin/services/{serviceId}/booking-policy",
						"/api/v1/admin/services/" + id + "/booking-policy", "{}", U, F, F, P, F),
				new Row("GET", "/api/v1/admin/audit", "/api/v1/admin/audit", null, U, F, F, P, F),
				// the front desk's live feed: every booking of the spa, so the front desk's only
				new Row("GET", "/api/v1/booking-events", "/api/v1/booking-events", null, U, F, P, F, F),
				// the pages sign in themselves; they, their scripts and their settings are as public as the catalog
				new Row("GET", "/", "/", null, P, P, P, P, P),
				new Row("GET", "/front-desk", "/front-desk", null, P, P, P, P, P),
				new Row("GET", "/pages/front-desk.js", "/pages/front-desk.js", null, P, P, P, P, P),
				new Row("GET", "/pages/settings.json", "/pages/settings.json", null, P, P, P, P, P),
				// the API's description and Swagger UI are as public as the catalog; the YAML copy is not served
				new Row("GET", "/v3/api-docs", "/v3/api-docs", null, P, P, P, P, P),
				new Row("GET", "/v3/api-docs/swagger-config", "/v3/api-docs/swagger-config", null, P, P, P, P, P),
				new Row("GET", "/v3/api-docs.yaml", "/v3/api-docs.yaml", null, U, F, F, F, F),
				new Row("GET", "/swagger-ui.html", "/swagger-ui.html", null, P, P, P, P, P),
				// Spring's error page is for error dispatches only, never called directly
				new Row("GET", "/error", "/error", null, U, F, F, F, F),
				// no endpoint, no rule: rejected, not "not found"
				new Row("GET", "/api/v1/nothing-here", "/api/v1/nothing-here", null, U, F, F, F, F));
	}

	@Test
	void everyEndpointAnswersEveryRoleAsTheTableSays() {
		List<String> wrong = new ArrayList<>();
		for (Row row : table()) {
			for (Who who : Who.values()) {
				int status;
				String contentType;
				String body;
				if (row.path().equals("/api/v1/booking-events")) {
					// a stream that is let through stays open: its status is the answer
					try (Api.EventStream stream = callers.get(who).stream(row.path())) {
						status = stream.status();
						contentType = stream.contentType();
						body = String.join("\n", stream.lines());
					}
				}
				else {
					// the rows' bodies are placeholders, not valid requests: only the answers are checked against the
					// document
					Api.Response response = callers.get(who).unchecked().send(row.method(), row.path(), row.body());
					status = response.status();
					contentType = response.contentType();
					body = response.raw().body();
				}
				Answer got = switch (status) {
					case 401 -> Answer.UNAUTHORIZED;
					case 403 -> Answer.FORBIDDEN;
					default -> Answer.PASSES;
				};
				Answer expected = row.answers()[who.ordinal()];
				if (got != expected) {
					wrong.add(row.method() + " " + row.path() + " as " + who + ": expected " + expected + ", got " + status
							+ " " + body);
				}
				if (got != Answer.PASSES) {
					assertThat(contentType).as(row.path() + " as " + who).contains("application/problem+json");
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void everyEndpointOfTheGatewayIsInTheTable() {
		assertThat(table().stream().map(Row::key).collect(Collectors.toSet())).containsAll(MappedEndpoints.of(stack));
	}

	@Test
	void aRequestWithoutATokenOrWithABadOneIsAnsweredUnauthorizedAsAProblem() {
		Api.Response none = Api.anonymous(stack.gatewayUrl()).unchecked().get("/api/v1/bookings/" + booking);
		Api.Response forged = staff.as("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").get("/api/v1/bookings/" + booking);

		assertThat(none.status()).isEqualTo(401);
		assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(none.text("type")).isEqualTo("urn:spa-booking:problem:unauthorized");
		assertThat(forged.status()).isEqualTo(401);
		assertThat(forged.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(forged.text("detail")).contains("not valid");
	}

	@Test
	void aCustomerCannotReadConfirmCancelOrRescheduleAnotherCustomersBookingSessionOrRequest() {
		UUID stranger = staff.newCustomer();
		Api other = staff.as(Tokens.customer(stranger));
		String start = later(12).toString();

		Map<String, Api.Response> answers = new LinkedHashMap<>();
		answers.put("read booking", other.get("/api/v1/bookings/" + booking));
		answers.put("confirm booking", other.post("/api/v1/bookings/" + booking + "/confirm", null));
		answers.put("cancel booking", other.post("/api/v1/bookings/" + booking + "/cancel", null));
		answers.put("reschedule booking", other.post("/api/v1/bookings/" + booking + "/reschedule",
				"{\"start\":\"" + start + "\"}"));
		answers.put("read booking session", other.get("/api/v1/booking-sessions/" + session));
		answers.put("confirm booking session", other.post("/api/v1/booking-sessions/" + session + "/confirm", null));
		answers.put("cancel booking session", other.post("/api/v1/booking-sessions/" + session + "/cancel", null));
		answers.put("read request", other.get("/api/v1/requests/" + request));
		answers.put("read profile", other.get("/api/v1/customers/" + customer));

		answers.forEach((what, answer) -> {
			assertThat(answer.status()).as(what).isEqualTo(404);
			assertThat(answer.text("type")).as(what).isEqualTo("urn:spa-booking:problem:not-found");
		});
		// and nothing changed: the booking and the session are still held
		assertThat(staff.get("/api/v1/bookings/" + booking).text("status")).isEqualTo("HELD");
		assertThat(staff.get("/api/v1/booking-sessions/" + session).text("status")).isEqualTo("HELD");
		assertThat(staff.get("/api/v1/bookings/" + booking).text("start")).isNotEqualTo(start);
	}

	@Test
	void aCustomerMayNotHoldBookASessionOrAskAvailabilityInAnotherCustomersName() {
		Api other = staff.as(Tokens.customer(staff.newCustomer()));

		Api.Response hold = other.post("/api/v1/bookings", holdJson(customer, therapist, service, later(14)));
		Api.Response held = other.post("/api/v1/booking-sessions", sessionJson(customer, later(16)));
		Api.Response availability = other.get("/api/v1/availability?serviceId=" + service + "&date="
				+ LocalDate.now().plusDays(30) + "&customerId=" + customer);

		for (Api.Response rejected : List.of(hold, held, availability)) {
			assertThat(rejected.status()).isEqualTo(403);
			assertThat(rejected.text("type")).isEqualTo("urn:spa-booking:problem:forbidden");
		}
		assertThat(staff.get("/api/v1/bookings?therapistId=" + therapist + "&from=" + later(13) + "&to=" + later(18))
			.body().path("items")).isEmpty();
	}

	@Test
	void theCustomerAndTheFrontDeskSeeTheCustomersOwnThings() {
		Api own = callers.get(Who.CUSTOMER);
		Api desk = callers.get(Who.FRONT_DESK);
		for (Api api : List.of(own, desk)) {
			assertThat(api.get("/api/v1/bookings/" + booking).status()).isEqualTo(200);
			assertThat(api.get("/api/v1/booking-sessions/" + session).status()).isEqualTo(200);
			assertThat(api.get("/api/v1/requests/" + request).status()).isEqualTo(200);
			assertThat(api.get("/api/v1/customers/" + customer).text("customerId")).isEqualTo(customer.toString());
		}
	}

	@Test
	void twoCallersWithEqualIdempotencyKeysGetTwoBookings() {
		UUID first = staff.newCustomer();
		UUID second = staff.newCustomer();
		String key = "same-key-" + UUID.randomUUID();

		Api.Response one = staff.as(Tokens.customer(first))
			.post("/api/v1/bookings", holdJson(first, therapist, service, later(20)), "Idempotency-Key", key, "Prefer",
					"wait=10");
		Api.Response two = staff.as(Tokens.customer(second))
			.post("/api/v1/bookings", holdJson(second, therapist, service, later(22)), "Idempotency-Key", key, "Prefer",
					"wait=10");
		Api.Response again = staff.as(Tokens.customer(first))
			.post("/api/v1/bookings", holdJson(first, therapist, service, later(20)), "Idempotency-Key", key, "Prefer",
					"wait=10");

		assertThat(one.status()).as(one.raw().body()).isEqualTo(201);
		assertThat(two.status()).as(two.raw().body()).isEqualTo(201);
		assertThat(two.uuid("bookingId")).isNotEqualTo(one.uuid("bookingId"));
		assertThat(again.uuid("bookingId")).as("the first caller's retry").isEqualTo(one.uuid("bookingId"));
	}

	@Test
	void aCustomerRegistersOnceUnderTheTokensSubject() {
		UUID self = UUID.randomUUID();
		Api newcomer = staff.as(Tokens.customer(self));
		String body = "{\"name\":\"New Customer\",\"email\":\"" + self + "@example.com\",\"phone\":\"+49 30 1\"}";

		Api.Response registered = newcomer.post("/api/v1/customers", body);
		Api.Response twice = newcomer.post("/api/v1/customers", body.replace("@", "+2@"));

		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.uuid("customerId")).isEqualTo(self);
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.text("type")).isEqualTo("urn:spa-booking:problem:customer-exists");
	}

	@Test
	void aBodyLargerThanTheLimitIsAnsweredContentTooLargeWhetherItsLengthIsDeclaredOrNot() throws Exception {
		String huge = "{\"name\":\"" + "x".repeat(20_000) + "\"}";
		Api.Response declared = staff.unchecked().post("/api/v1/customers", huge);
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/customers"))
				.header("Authorization", "Bearer " + Tokens.staff())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.text("type")).isEqualTo("urn:spa-booking:problem:content-too-large");
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).contains("application/problem+json"));
	}

	@Test
	void aPageFromAnAllowedOriginMaySendTheApisHeadersAndReadItsAnswersHeaders() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/bookings"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", TestIssuer.WEB_ORIGIN)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,idempotency-key,prefer,content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/v1/bookings"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://elsewhere.example")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		Api.Response actual = Api.anonymous(stack.gatewayUrl()).send("GET", "/api/v1/services", null, "Origin",
				TestIssuer.WEB_ORIGIN);

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(TestIssuer.WEB_ORIGIN);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
			.contains("authorization").contains("idempotency-key").contains("prefer");
		assertThat(stranger.statusCode()).isEqualTo(403);
		assertThat(actual.header("Access-Control-Expose-Headers")).contains("Location").contains("Retry-After");
	}

	@Test
	void responsesCarrySecurityHeaders() {
		Api.Response response = Api.anonymous(stack.gatewayUrl()).get("/api/v1/services");

		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
		assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(response.header("Cache-Control")).contains("no-store");
	}

	@Test
	void thePagesRunOnlyTheGatewaysOwnScriptsAndTalkOnlyToTheGatewayAndTheIssuer() {
		Api anonymous = Api.anonymous(stack.gatewayUrl());
		String issuerOrigin = URI.create(stack.issuerUri()).resolve("/").toString().replaceAll("/$", "");
		for (String page : List.of("/", "/front-desk", "/pages/customer.js")) {
			String policy = anonymous.get(page).header("Content-Security-Policy");
			assertThat(policy).as(page)
				.contains("default-src 'none'", "style-src 'self';", "connect-src 'self' " + issuerOrigin + ";",
						"frame-ancestors 'none'")
				.doesNotContain("unsafe-inline", "unsafe-eval", "*");
			// the only inline script is the front desk's import map, allowed by its hash
			assertThat(policy).as(page).containsPattern("script-src 'self' 'sha256-[A-Za-z0-9+/=]+';");
		}
		assertThat(anonymous.get("/front-desk").raw().body()).contains("<script type=\"importmap\">");
		assertThat(anonymous.get("/api/v1/services").header("Content-Security-Policy"))
			.isEqualTo("default-src 'none'; frame-ancestors 'none'");
	}

	@Test
	void theIssuerRejectsATokenForAnUnknownRoleAndGivesACustomerTheirIdAsSubject() {
		HttpResponse<String> unknown = Tokens.request("grant_type=client_credentials&role=owner");
		String token = Tokens.customer(customer);
		String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));

		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(unknown.body()).contains("invalid_request");
		assertThat(payload).contains("\"sub\":\"" + customer + "\"").contains("\"roles\":[\"customer\"]");
	}

	static Instant later(int hours) {
		return Instant.now().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(hours, ChronoUnit.HOURS);
	}

	static String sessionJson(UUID customer, Instant start) {
		return """
				{"customerId": "%s", "items": [{"therapistId": "%s", "serviceId": "%s", "start": "%s"}]}"""
			.formatted(customer, therapist, service, start);
	}
}
