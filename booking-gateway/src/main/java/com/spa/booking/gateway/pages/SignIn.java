package com.spa.booking.gateway.pages;

import java.net.URI;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.spa.booking.gateway.GatewayProperties;

/**
 * Where the pages sign in: {@code booking.web.issuer-uri}, or else the issuer whose tokens the API accepts, so that
 * a gateway set up for its API serves working pages without another setting.
 */
@Component
public class SignIn {

	private final String issuer;

	SignIn(GatewayProperties properties, Environment environment) {
		String configured = properties.web().issuerUri();
		this.issuer = configured != null && !configured.isBlank() ? configured
				: environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "");
	}

	public String issuer() {
		return issuer;
	}

	/** The issuer's scheme, host and port: the one place besides the gateway the pages' scripts may talk to. */
	public String issuerOrigin() {
		if (issuer.isBlank()) {
			return "";
		}
		URI uri = URI.create(issuer);
		return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
	}
}
