package com.spa.booking.gateway;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import com.spa.booking.support.SharedSettings;

/**
 * The REST front door: validates booking requests, publishes them as commands keyed by therapist, and answers with
 * the worker's results.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
// the settings the worker must agree on live in booking-support, outside the scan of this package
@EnableConfigurationProperties(SharedSettings.class)
@EnableScheduling
public class GatewayApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The gateway reads {@code gateway.yml}, not {@code application.yml}, so that it can share a JVM and a class path
	 * with the worker in the local stack.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
