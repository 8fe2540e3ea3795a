package com.spa.booking.worker;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Applies booking commands, one therapist partition at a time, each in a PostgreSQL transaction.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WorkerApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The worker reads {@code worker.yml}, not {@code application.yml}, so that it can share a JVM and a class path
	 * with the gateway in the local stack.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=worker");
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
