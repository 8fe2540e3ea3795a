package com.spa.booking.gateway.pages;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.support.SharedSettings;

/**
 * What the pages need to know before they can call the API: where to sign in, as which client, and the spa's time
 * zone and slot grid. The pages themselves are static files ({@code static/}); they call the public API only.
 */
@RestController
class PagesController {

	/**
	 * @param authority the identity provider the pages sign in with (OpenID Connect discovery below it)
	 * @param clientId the pages' public client there
	 * @param scope what they ask for
	 * @param zone the spa's time zone: every time on the pages is shown in it
	 * @param slotMinutes the grid the front-desk day view is drawn on
	 */
	record PageSettings(String authority, String clientId, String scope, String zone, int slotMinutes) {
	}

	private final PageSettings settings;

	PagesController(GatewayProperties properties, SharedSettings shared, Environment environment) {
		this.settings = new PageSettings(SignIn.of(properties, environment).issuer(), properties.pages().clientId(),
				properties.pages().scope(), shared.zone().getId(), shared.slotMinutes());
	}

	@GetMapping("/pages/settings.json")
	PageSettings settings() {
		return settings;
	}
}
