package com.spa.booking.infra;

/**
 * One broker and one database per test JVM, started on first use and stopped when the JVM exits. Tests keep out of
 * each other's way by using fresh IDs, not fresh servers: starting these costs seconds, a UUID costs nothing.
 */
public final class SharedInfrastructure {

	private static EmbeddedPostgresServer postgres;

	private static EmbeddedKafkaServer kafka;

	private SharedInfrastructure() {
	}

	public static synchronized EmbeddedPostgresServer postgres() {
		if (postgres == null) {
			postgres = EmbeddedPostgresServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "shared-postgres-stop"));
		}
		return postgres;
	}

	public static synchronized EmbeddedKafkaServer kafka() {
		if (kafka == null) {
			kafka = EmbeddedKafkaServer.start(0);
			Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-kafka-stop"));
		}
		return kafka;
	}
}
