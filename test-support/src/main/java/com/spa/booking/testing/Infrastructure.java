package com.spa.booking.testing;

import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;
import com.spa.booking.infra.EmbeddedKafkaServer;
import com.spa.booking.infra.EmbeddedPostgresServer;

/**
 * Where the servers come from: embedded in this JVM (the default: nothing but a JDK needed), or Docker containers
 * with {@code -Dspa.infra=testcontainers}.
 */
public final class Infrastructure {

	private Infrastructure() {
	}

	public static boolean containers() {
		return "testcontainers".equals(System.getProperty("spa.infra"));
	}

	/** A throwaway server. */
	public static Postgres postgres() {
		return containers() ? Containers.postgres() : EmbeddedPostgresServer.start();
	}

	public static Kafka kafka() {
		return containers() ? Containers.kafka() : EmbeddedKafkaServer.start(0);
	}
}
