package com.spa.booking.e2e.support;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.spa.booking.local.LocalStack;

/** A database of a test's own on the stack's server, with the worker's schema, for what must not touch the others. */
public record FreshDatabase(String url, String username, String password) {

	public static FreshDatabase on(LocalStack stack) {
		FreshDatabase database = empty(stack);
		Flyway.configure().dataSource(database.url, database.username, database.password).locations("classpath:db/booking")
			.load().migrate();
		return database;
	}

	/** Without the worker's schema; the superuser's. */
	public static FreshDatabase empty(LocalStack stack) {
		String name = "test_" + UUID.randomUUID().toString().replace("-", "");
		stack.worker().getBean(JdbcClient.class).sql("CREATE DATABASE " + name).update();
		return new FreshDatabase(stack.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + name + "$1"),
				stack.jdbcUsername(), stack.jdbcPassword());
	}

	/** The same database, as another user. */
	public FreshDatabase as(String username, String password) {
		return new FreshDatabase(url, username, password);
	}

	/** Drops it, cutting off whoever is still connected. */
	public void dropOn(LocalStack stack) {
		String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
		stack.worker().getBean(JdbcClient.class).sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").update();
	}

	public SimpleDriverDataSource dataSource() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), url, username, password);
	}

	public JdbcClient jdbc() {
		return JdbcClient.create(dataSource());
	}
}
