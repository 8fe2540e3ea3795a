package com.spa.booking.infra;

/** A real PostgreSQL server for the stack and the tests: embedded, or in a container where Docker is present. */
public interface Postgres extends AutoCloseable {

	/** The {@code postgres} database of the server. */
	String jdbcUrl();

	String username();

	String password();

	@Override
	void close();
}
