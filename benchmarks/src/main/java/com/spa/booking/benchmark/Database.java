package com.spa.booking.benchmark;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import com.spa.booking.infra.Postgres;

/** A database of one benchmark step's own, on the one PostgreSQL server every step shares. */
record Database(Postgres server, String name) implements AutoCloseable {

	static Database create(Postgres server, String purpose) {
		String name = purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		admin(server).sql("CREATE DATABASE " + name).update();
		return new Database(server, name);
	}

	/** With the worker's schema, as the worker itself would migrate it. */
	static Database withBookingSchema(Postgres server, String purpose) {
		Database database = create(server, purpose);
		Flyway.configure().dataSource(database.url(), server.username(), server.password())
			.locations("classpath:db/booking").load().migrate();
		return database;
	}

	String url() {
		return server.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
	}

	DataSource dataSource() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), url(), server.username(), server.password());
	}

	JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}

	/** A pool like an application's, for clients that hold connections. */
	HikariDataSource pool(int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url());
		config.setUsername(server.username());
		config.setPassword(server.password());
		config.setMaximumPoolSize(size);
		return new HikariDataSource(config);
	}

	@Override
	public void close() {
		admin(server).sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").update();
	}

	private static JdbcClient admin(Postgres server) {
		DataSource postgres = new SimpleDriverDataSource(new org.postgresql.Driver(), server.jdbcUrl(), server.username(),
				server.password());
		return JdbcClient.create(postgres);
	}
}
