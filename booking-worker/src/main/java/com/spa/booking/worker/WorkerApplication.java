package com.spa.booking.worker;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import com.spa.booking.support.SharedSettings;

/**
 * Applies booking commands, one therapist partition at a time, each in a PostgreSQL transaction.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(SharedSettings.class) // the scan above covers this package only
@EnableScheduling
public class WorkerApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The worker reads {@code worker.yml}, not {@code application.yml}, so that it can share a JVM and a class path
	 * with the gateway in the local stack. There the gateway brings Spring Security onto the class path; the worker
	 * stays as its own jar has it: no HTTP API, its actuator for the operators' network only.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=worker",
				"spring.autoconfigure.exclude=" + String.join(",", NOT_THE_WORKERS));
	}

	/** Auto-configurations of the gateway's and the local issuer's libraries, absent from the worker's own jar. */
	private static final java.util.List<String> NOT_THE_WORKERS = java.util.List.of(
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration");

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
