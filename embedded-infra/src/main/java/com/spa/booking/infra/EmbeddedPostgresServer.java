package com.spa.booking.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server, run from the binaries shipped in a Maven artifact, so a developer needs nothing but a
 * JDK. With a data directory it survives restarts; without one it is thrown away on close.
 */
public final class EmbeddedPostgresServer implements Postgres {

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/** A throwaway server on a free port. */
	public static EmbeddedPostgresServer start() {
		return start(null, 0);
	}

	/**
	 * A throwaway server on a free port, started with extra server settings, e.g.
	 * {@code shared_preload_libraries=pg_stat_statements} for the benchmark's statement profiles.
	 *
	 * @param settings each passed to the server as {@code -c name=value}, over the defaults
	 */
	public static EmbeddedPostgresServer start(Map<String, String> settings) {
		return start(null, 0, settings);
	}

	/**
	 * @param dataDirectory kept across restarts when given; null for a throwaway directory
	 * @param port 0 for any free port
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
		return start(dataDirectory, port, Map.of());
	}

	/**
	 * @param dataDirectory kept across restarts when given; null for a throwaway directory
	 * @param port 0 for any free port
	 * @param settings extra server settings, each passed as {@code -c name=value}, over the defaults
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> settings) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("max_connections", "200")
				// whoever started the server stops it, after the applications that use it
				.setRegisterShutdownHook(false);
			settings.forEach(builder::setServerConfig);
			if (dataDirectory != null) {
				builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
			}
			if (port != 0) {
				builder.setPort(port);
			}
			return new EmbeddedPostgresServer(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
	}

	@Override
	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
	}

	@Override
	public String username() {
		return "postgres";
	}

	@Override
	public String password() {
		return "";
	}

	public int port() {
		return postgres.getPort();
	}

	@Override
	public void close() {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
