package com.spa.booking.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.spa.booking.infra.EmbeddedPostgresServer;
import com.spa.booking.infra.Postgres;

/**
 * The benchmark's one PostgreSQL server: embedded, with {@code pg_stat_statements} loaded, for the statement profiles.
 * <p>
 * Where {@link EmbeddedPostgresServer} takes extra server settings ({@code start(Map)}), they say so. This module is
 * also copied into clones of older commits to measure a baseline in the same sitting, whose
 * {@code EmbeddedPostgresServer} has no such method; there the server is started once on a data directory of its own,
 * told {@code ALTER SYSTEM SET shared_preload_libraries}, and started again on it. Either way the server is the same.
 */
final class BenchmarkPostgres implements Postgres {

	static final Map<String, String> SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
			"pg_stat_statements.max", "10000");

	private final EmbeddedPostgresServer server;

	/** null unless the server lives on a data directory of this class's own */
	private final Path dataDirectory;

	private BenchmarkPostgres(EmbeddedPostgresServer server, Path dataDirectory) {
		this.server = server;
		this.dataDirectory = dataDirectory;
	}

	static BenchmarkPostgres start() {
		Method withSettings;
		try {
			withSettings = EmbeddedPostgresServer.class.getMethod("start", Map.class);
		}
		catch (NoSuchMethodException older) {
			return startOnOwnDirectory();
		}
		try {
			return new BenchmarkPostgres((EmbeddedPostgresServer) withSettings.invoke(null, SETTINGS), null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(ex.getCause());
		}
	}

	private static BenchmarkPostgres startOnOwnDirectory() {
		try {
			Path directory = Files.createTempDirectory("benchmark-postgres");
			try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(directory, 0)) {
				JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(),
						first.jdbcUrl(), first.username(), first.password()));
				SETTINGS.forEach((name, value) -> jdbc.sql("ALTER SYSTEM SET " + name + " = '" + value + "'").update());
			}
			return new BenchmarkPostgres(EmbeddedPostgresServer.start(directory, 0), directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String jdbcUrl() {
		return server.jdbcUrl();
	}

	@Override
	public String username() {
		return server.username();
	}

	@Override
	public String password() {
		return server.password();
	}

	@Override
	public void close() {
		server.close();
		if (dataDirectory != null) {
			try (Stream<Path> paths = Files.walk(dataDirectory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}
}
