package com.spa.booking.testing;

import com.spa.booking.infra.Kafka;
import com.spa.booking.infra.Postgres;

/**
 * One broker and one database per test JVM, started on first use and stopped when the JVM exits. Tests keep out of
 * each other's way by using fresh IDs, not fresh servers: starting these costs seconds, a UUID costs nothing.
 */
public final class SharedInfrastructure {

	private static Postgres postgres;

	private static Kafka kafka;

	private SharedInfrastructure() {
	}

	public static synchronized Postgres postgres() {
		if (postgres == null) {
			postgres = Infrastructure.postgres();
			Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "shared-postgres-stop"));
		}
		return postgres;
	}

	public static synchronized Kafka kafka() {
		if (kafka == null) {
			kafka = Infrastructure.kafka();
			Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-kafka-stop"));
		}
		return kafka;
	}
}
