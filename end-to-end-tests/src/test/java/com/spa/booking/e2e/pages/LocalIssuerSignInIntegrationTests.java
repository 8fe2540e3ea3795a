package com.spa.booking.e2e.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.spa.booking.local.LocalIssuer.DemoUser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.local.LocalIssuer;

/**
 * Signing in on the gateway's pages, as their script (oidc-client-ts) and a person at the browser do it against
 * {@link LocalIssuer}: the authorization code flow with PKCE for the public client, the sign-in form, the browser's CORS
 * checks and signing out; and the {@code client_credentials} grant of the scripts and tests, unchanged beside it.
 */
class LocalIssuerSignInIntegrationTests {

	/** A page on a port other than the registered 8080, as every test's gateway has. */
	private static final String PAGE = "http://127.0.0.1:43210/";

	private static final String FRONT_DESK_PAGE = "http://127.0.0.1:43210/front-desk";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ConfigurableApplicationContext issuer;

	private static String issuerUri;

	@BeforeAll
	static void start() {
		issuer = LocalIssuer.start(0);
		issuerUri = LocalIssuer.issuerUri(issuer);
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void aDemoCustomerSignsInWithPkceAndGetsTheirCustomerIdAsSubject() {
		Browser browser = new Browser();
		Pkce pkce = Pkce.create();

		HttpResponse<String> authorize = browser.get(authorizeUrl(PAGE, "state-1", pkce.challenge()));
		assertThat(authorize.statusCode()).isEqualTo(302);
		assertThat(location(authorize).getPath()).isEqualTo("/login");

		HttpResponse<String> signIn = browser.signIn(LocalIssuer.DANA.username(), LocalIssuer.DANA.password());
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(location(signIn).getPath()).isEqualTo("/oauth2/authorize");

		HttpResponse<String> back = browser.get(location(signIn).toString());
		assertThat(back.statusCode()).isEqualTo(302);
		URI redirect = location(back);
		assertThat(redirect.getScheme() + "://" + redirect.getAuthority() + redirect.getPath()).isEqualTo(PAGE);
		Map<String, String> query = query(redirect);
		assertThat(query).containsKey("code").containsEntry("state", "state-1");

		HttpResponse<String> token = browser.token(query.get("code"), PAGE, pkce.verifier());
		assertThat(token.statusCode()).isEqualTo(200);
		JsonNode tokens = JSON.readTree(token.body());
		JsonNode access = payload(tokens.path("access_token").asString());
		JsonNode id = payload(tokens.path("id_token").asString());
		String dana = "33333333-0000-0000-0000-000000000001";
		assertThat(access.path("sub").asString()).isEqualTo(dana);
		assertThat(strings(access.path("roles"))).containsExactly("customer");
		assertThat(id.path("sub").asString()).isEqualTo(dana);
		assertThat(strings(id.path("roles"))).containsExactly("customer");
		assertThat(id.path("name").asString()).isEqualTo("Dana Demo");
		assertThat(id.path("aud").toString()).contains(LocalIssuer.PAGES_CLIENT_ID);
		assertThat(access.path("exp").asLong() - access.path("iat").asLong()).isEqualTo(3600);
		// the issuer the gateway is configured with, whatever address the page is served from
		assertThat(access.path("iss").asString()).isEqualTo(issuerUri);
	}

	@Test
	void theFrontDeskSignsInOnTheFrontDeskPageAndGetsTheFrontDeskRoleWithTheirUsernameAsSubject() {
		Browser browser = new Browser();
		JsonNode tokens = browser.signInWithPkce(LocalIssuer.DESK, FRONT_DESK_PAGE);

		JsonNode access = payload(tokens.path("access_token").asString());
		JsonNode id = payload(tokens.path("id_token").asString());
		assertThat(strings(access.path("roles"))).containsExactly("front-desk");
		assertThat(access.path("sub").asString()).isEqualTo("desk");
		assertThat(strings(id.path("roles"))).containsExactly("front-desk");
		assertThat(id.path("name").asString()).isEqualTo("Front Desk");
	}

	@Test
	void theUserInfoEndpointNamesTheSignedInCustomerByTheirCustomerId() {
		Browser browser = new Browser();
		JsonNode tokens = browser.signInWithPkce(LocalIssuer.BEN, PAGE);

		HttpResponse<String> userInfo = browser.send(HttpRequest.newBuilder(URI.create(issuerUri + "/userinfo"))
			.header("Authorization", "Bearer " + tokens.path("access_token").asString())
			.GET());

		assertThat(userInfo.statusCode()).isEqualTo(200);
		JsonNode ben = JSON.readTree(userInfo.body());
		assertThat(ben.path("sub").asString()).isEqualTo("33333333-0000-0000-0000-000000000002");
		assertThat(ben.path("name").asString()).isEqualTo("Ben Demo");
	}

	@Test
	void anAuthorizationRequestWithoutCodeChallengeIsRefusedEvenForASignedInUser() {
		Browser browser = new Browser();
		browser.signInWithPkce(LocalIssuer.DANA, PAGE);

		HttpResponse<String> withoutChallenge = browser.get(issuerUri + "/oauth2/authorize?response_type=code&client_id="
				+ LocalIssuer.PAGES_CLIENT_ID + "&scope=openid%20profile&state=state-2&redirect_uri=" + encode(PAGE));

		assertThat(withoutChallenge.statusCode()).isEqualTo(302);
		Map<String, String> query = query(location(withoutChallenge));
		assertThat(query).containsEntry("error", "invalid_request").doesNotContainKey("code");
		assertThat(query.get("error_description")).contains("code_challenge");
	}

	@Test
	void aWrongPasswordDoesNotSignIn() {
		Browser browser = new Browser();
		Pkce pkce = Pkce.create();
		browser.get(authorizeUrl(PAGE, "state-3", pkce.challenge()));

		HttpResponse<String> signIn = browser.signIn(LocalIssuer.DANA.username(), "not-" + LocalIssuer.DANA.password());
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(location(signIn).getPath()).isEqualTo("/login");
		assertThat(location(signIn).getQuery()).isEqualTo("error");

		HttpResponse<String> authorizeAgain = browser.get(authorizeUrl(PAGE, "state-3", pkce.challenge()));
		assertThat(authorizeAgain.statusCode()).isEqualTo(302);
		assertThat(location(authorizeAgain).getPath()).isEqualTo("/login");
	}

	@Test
	void onlyTheTwoPagesOn127001MayReceiveACode() {
		Browser browser = new Browser();
		browser.signInWithPkce(LocalIssuer.DANA, PAGE);

		for (String elsewhere : List.of("http://127.0.0.1:43210/elsewhere", "http://localhost:43210/",
				"https://evil.example/")) {
			HttpResponse<String> authorize = browser.get(authorizeUrl(elsewhere, "state-4", Pkce.create().challenge()));
			assertThat(authorize.statusCode()).as(elsewhere).isEqualTo(400);
			assertThat(authorize.headers().firstValue("Location")).as(elsewhere).isEmpty();
		}
	}

	@Test
	void pagesOnAnyLoopbackPortMayFetchTokensFromTheBrowserAndOtherOriginsMayNot() {
		HttpResponse<String> loopback = preflight("/oauth2/token", "http://127.0.0.1:43210");
		assertThat(loopback.statusCode()).isEqualTo(200);
		assertThat(loopback.headers().firstValue("Access-Control-Allow-Origin")).contains("http://127.0.0.1:43210");
		assertThat(loopback.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");

		HttpResponse<String> evil = preflight("/oauth2/token", "https://evil.example");
		assertThat(evil.statusCode()).isEqualTo(403);
		assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

		HttpResponse<String> discovery = new Browser().send(HttpRequest
			.newBuilder(URI.create(issuerUri + "/.well-known/openid-configuration"))
			.header("Origin", "http://127.0.0.1:43210")
			.GET());
		assertThat(discovery.statusCode()).isEqualTo(200);
		assertThat(discovery.headers().firstValue("Access-Control-Allow-Origin")).contains("http://127.0.0.1:43210");
		assertThat(JSON.readTree(discovery.body()).path("end_session_endpoint").asString())
			.isEqualTo(issuerUri + "/connect/logout");
	}

	@Test
	void signingOutReturnsToThePageOnItsOwnPortAndNowhereElse() {
		Browser browser = new Browser();
		String idToken = browser.signInWithPkce(LocalIssuer.DANA, PAGE).path("id_token").asString();

		for (String elsewhere : List.of("http://127.0.0.1:43210/elsewhere", "https://evil.example/")) {
			HttpResponse<String> refused = browser.get(logoutUrl(idToken, elsewhere));
			assertThat(refused.statusCode()).as(elsewhere).isEqualTo(400);
			assertThat(refused.headers().firstValue("Location")).as(elsewhere).isEmpty();
		}

		HttpResponse<String> signOut = browser.get(logoutUrl(idToken, PAGE));
		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(location(signOut).toString()).isEqualTo(PAGE + "?state=signed-out");

		HttpResponse<String> authorizeAgain = browser.get(authorizeUrl(PAGE, "state-5", Pkce.create().challenge()));
		assertThat(location(authorizeAgain).getPath()).isEqualTo("/login");
	}

	@Test
	void theClientCredentialsGrantStillMintsTokensForAnyRoleAndCustomer() {
		UUID customer = UUID.randomUUID();

		JsonNode customerToken = payload(LocalIssuer.token(issuerUri, "customer", customer));
		JsonNode deskToken = payload(LocalIssuer.token(issuerUri, "front-desk admin", null));

		assertThat(customerToken.path("sub").asString()).isEqualTo(customer.toString());
		assertThat(strings(customerToken.path("roles"))).containsExactly("customer");
		assertThat(deskToken.path("sub").asString()).isEqualTo("front-desk+admin@" + LocalIssuer.CLIENT_ID);
		assertThat(strings(deskToken.path("roles"))).containsExactly("front-desk", "admin");
		assertThat(LocalIssuer.requestToken(issuerUri, "grant_type=client_credentials&role=janitor").statusCode())
			.isEqualTo(400);
	}

	private static String authorizeUrl(String redirectUri, String state, String challenge) {
		return issuerUri + "/oauth2/authorize?response_type=code&client_id=" + LocalIssuer.PAGES_CLIENT_ID
				+ "&scope=openid%20profile&state=" + state + "&nonce=" + UUID.randomUUID() + "&redirect_uri="
				+ encode(redirectUri) + "&code_challenge=" + challenge + "&code_challenge_method=S256";
	}

	private static String logoutUrl(String idToken, String postLogoutRedirectUri) {
		return issuerUri + "/connect/logout?id_token_hint=" + idToken + "&client_id=" + LocalIssuer.PAGES_CLIENT_ID
				+ "&post_logout_redirect_uri=" + encode(postLogoutRedirectUri) + "&state=signed-out";
	}

	private static HttpResponse<String> preflight(String path, String origin) {
		return new Browser().send(HttpRequest.newBuilder(URI.create(issuerUri + path))
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
	}

	private static JsonNode payload(String jwt) {
		return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	private static List<String> strings(JsonNode array) {
		assertThat(array.isArray()).as("a list: " + array).isTrue();
		List<String> strings = new ArrayList<>();
		for (JsonNode element : array) {
			strings.add(element.asString());
		}
		return strings;
	}

	private static URI location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AssertionError("No Location: " + response.statusCode() + " " + response.body()));
		return response.uri().resolve(location);
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				String[] nameAndValue = pair.split("=", 2);
				query.put(decode(nameAndValue[0]), nameAndValue.length > 1 ? decode(nameAndValue[1]) : "");
			}
		}
		return query;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/** A code verifier and its S256 challenge (RFC 7636). */
	private record Pkce(String verifier, String challenge) {

		static Pkce create() {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			try {
				byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
				return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/** A browser as far as signing in needs one: cookies, and redirects seen rather than followed. */
	private static final class Browser {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		HttpResponse<String> get(String url) {
			return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
		}

		/** The sign-in form as a person fills it in: its page first, for the CSRF token. */
		HttpResponse<String> signIn(String username, String password) {
			HttpResponse<String> page = get(issuerUri + "/login");
			assertThat(page.statusCode()).isEqualTo(200);
			Matcher csrf = CSRF.matcher(page.body());
			assertThat(csrf.find()).as("a CSRF token in the sign-in page").isTrue();
			return post(issuerUri + "/login",
					"username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1)));
		}

		/** The public client's token request: the code and its verifier, no secret. */
		HttpResponse<String> token(String code, String redirectUri, String verifier) {
			return post(issuerUri + "/oauth2/token", "grant_type=authorization_code&code=" + encode(code)
					+ "&redirect_uri=" + encode(redirectUri) + "&client_id=" + LocalIssuer.PAGES_CLIENT_ID
					+ "&code_verifier=" + encode(verifier));
		}

		/** The whole flow of a page, asserting only that it gets through; its tokens. */
		JsonNode signInWithPkce(DemoUser user, String page) {
			Pkce pkce = Pkce.create();
			get(authorizeUrl(page, "state", pkce.challenge()));
			HttpResponse<String> back = get(location(signIn(user.username(), user.password())).toString());
			String code = query(location(back)).get("code");
			assertThat(code).as("a code for " + user.username()).isNotNull();
			HttpResponse<String> token = token(code, page, pkce.verifier());
			assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
			return JSON.readTree(token.body());
		}

		private HttpResponse<String> post(String url, String form) {
			return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
		}

		HttpResponse<String> send(HttpRequest.Builder request) {
			try {
				return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}
}
