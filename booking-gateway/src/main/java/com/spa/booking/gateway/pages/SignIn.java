package com.spa.booking.gateway.pages;

import java.net.URI;

import org.springframework.core.env.Environment;

import com.spa.booking.gateway.GatewayProperties;

/**
 * Where the pages sign in: {@code booking.pages.issuer-uri}, or else the issuer whose tokens the API accepts, so that
 * a gateway set up for its API serves working pages without another setting.
 *
 * @param issuer the identity provider's issuer URI; blank when none is configured
 */
public record SignIn(String issuer) {

	public static SignIn of(GatewayProperties properties, Environment environment) {
		String configured = properties.pages().issuerUri();
		return new SignIn(configured != null && !configured.isBlank() ? configured
				: environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", ""));
	}

	/** The issuer's scheme, host and port: where the pages' scripts fetch its discovery document and tokens. */
	public String issuerOrigin() {
		if (issuer.isBlank()) {
			return "";
		}
		URI uri = URI.create(issuer);
		return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
	}
}
