package com.spa.booking.local;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A database of a test's own on the stack's server, with the worker's schema, for what must not touch the others. */
record FreshDatabase(String url, String username, String password) {

	static FreshDatabase on(LocalStack stack) {
		FreshDatabase database = empty(stack);
		Flyway.configure().dataSource(database.url, database.username, database.password).locations("classpath:db/booking")
			.load().migrate();
		return database;
	}

	/** Without the worker's schema; the superuser's. */
	static FreshDatabase empty(LocalStack stack) {
		String name = "test_" + UUID.randomUUID().toString().replace("-", "");
		stack.worker().getBean(JdbcClient.class).sql("CREATE DATABASE " + name).update();
		return new FreshDatabase(stack.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + name + "$1"),
				stack.jdbcUsername(), stack.jdbcPassword());
	}

	/** The same database, as another user. */
	FreshDatabase as(String username, String password) {
		return new FreshDatabase(url, username, password);
	}

	/** Drops it, cutting off whoever is still connected. */
	void dropOn(LocalStack stack) {
		String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
		stack.worker().getBean(JdbcClient.class).sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").update();
	}

	SimpleDriverDataSource dataSource() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), url, username, password);
	}

	JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}
}
