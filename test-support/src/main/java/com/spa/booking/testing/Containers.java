package com.spa.booking.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;

/**
 * The same servers from Docker images, for machines with a Docker engine: {@code -Dspa.infra=testcontainers} (or the
 * Maven profile {@code testcontainers}). Not used where there is no Docker, as on our build machines.
 */
final class Containers {

	static final String POSTGRES_IMAGE = "postgres:17";

	static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

	private Containers() {
	}

	static Postgres postgres() {
		var container = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("postgres")
			.withUsername("postgres")
			.withPassword("postgres");
		container.start();
		return new Postgres() {

			@Override
			public String jdbcUrl() {
				return container.getJdbcUrl();
			}

			@Override
			public String username() {
				return container.getUsername();
			}

			@Override
			public String password() {
				return container.getPassword();
			}

			@Override
			public void close() {
				container.stop();
			}
		};
	}

	static Kafka kafka() {
		var container = new KafkaContainer(KAFKA_IMAGE);
		container.start();
		return new Kafka() {

			@Override
			public String bootstrapServers() {
				return container.getBootstrapServers();
			}

			@Override
			public void close() {
				container.stop();
			}
		};
	}
}
