package com.spa.booking.gateway.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ClassPathResource;

import com.spa.booking.gateway.GatewayProperties;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The pages and what they may do in a browser. Their scripts and styles come from this gateway only (no CDN, no
 * inline code); the one inline block is each page's import map, allowed by its hash, which is read off the page itself
 * so that editing the map cannot silently break the page. Scripts may talk to this gateway and to the identity
 * provider (discovery, token endpoint) and to nothing else.
 */
public final class PagePolicy {

	/** The pages, their scripts, styles and settings: public, like a shop window. */
	public static final String[] PATHS = { "/", "/index.html", "/front-desk", "/front-desk.html", "/pages/**" };

	private static final String[] HTML = { "static/index.html", "static/front-desk.html" };

	private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

	private PagePolicy() {
	}

	public static RequestMatcher matcher() {
		List<RequestMatcher> matchers = new ArrayList<>();
		for (String path : PATHS) {
			matchers.add(PathPatternRequestMatcher.withDefaults().matcher(path));
		}
		return new OrRequestMatcher(matchers);
	}

	/** The Content-Security-Policy of the pages: they may call the gateway, the identity provider and nothing else. */
	public static String contentSecurityPolicy(SignIn signIn, GatewayProperties.Pages pages) {
		List<String> connect = new ArrayList<>(List.of("'self'"));
		if (!signIn.issuerOrigin().isBlank()) {
			connect.add(signIn.issuerOrigin());
		}
		connect.addAll(pages.connectOrigins());
		StringBuilder scripts = new StringBuilder("'self'");
		for (String page : HTML) {
			Matcher importMap = IMPORT_MAP.matcher(read(page));
			while (importMap.find()) {
				scripts.append(" 'sha256-").append(sha256(importMap.group(1))).append("'");
			}
		}
		return "default-src 'none'; script-src " + scripts + "; style-src 'self'; img-src 'self' data:; connect-src "
				+ String.join(" ", connect) + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
	}

	private static String read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The page " + resource + " is missing from the gateway's jar", ex);
		}
	}

	private static String sha256(String text) {
		try {
			return Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
