package com.spa.booking.gateway;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The gateway's settings bound as the application binds them: a test names only the settings it depends on and gets
 * the defaults for the rest, so it does not change when a setting is added.
 */
public final class TestProperties {

	private TestProperties() {
	}

	/** @param settings by their full property names, {@code booking.gateway.max-in-flight} and the like */
	public static GatewayProperties gateway(Map<String, ?> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("booking", GatewayProperties.class);
	}
}
