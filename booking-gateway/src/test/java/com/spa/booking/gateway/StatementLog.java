package com.spa.booking.gateway;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.spa.booking.infra.Postgres;
import com.spa.booking.testing.SharedInfrastructure;

import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * A database of a test's own on the shared PostgreSQL server, and every statement the code under test runs on it, in
 * order: what a test counts to tell whether a lookup reached the database. A test may also hold a statement up just
 * before it runs ({@link #beforeEach}).
 */
public final class StatementLog {

	private final DataSource direct;

	private final DataSource logged;

	private final List<String> statements = new CopyOnWriteArrayList<>();

	private volatile Consumer<String> beforeEach = sql -> {
	};

	private StatementLog(DataSource direct) {
		this.direct = direct;
		this.logged = ProxyDataSourceBuilder.create("logged", direct).beforeQuery((execution, queries) -> {
			queries.forEach(query -> beforeEach.accept(query.getQuery()));
		}).afterQuery((execution, queries) -> queries.forEach(query -> statements.add(query.getQuery()))).build();
	}

	/** On a new, empty database. */
	public static StatementLog onFreshDatabase() {
		Postgres server = SharedInfrastructure.postgres();
		String name = "test_" + UUID.randomUUID().toString().replace("-", "");
		JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), server.jdbcUrl(), server.username(),
				server.password()))
			.sql("CREATE DATABASE " + name)
			.update();
		String url = server.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
		return new StatementLog(new SimpleDriverDataSource(new org.postgresql.Driver(), url, server.username(),
				server.password()));
	}

	/** For the code under test: what it runs is logged. */
	public DataSource dataSource() {
		return logged;
	}

	public JdbcClient jdbc() {
		return JdbcClient.create(logged);
	}

	/** For the test's own setting up and checking, which is not logged. */
	public DataSource unloggedDataSource() {
		return direct;
	}

	public JdbcClient unlogged() {
		return JdbcClient.create(direct);
	}

	/** The statements run since the last {@link #clear()}, in order. */
	public List<String> statements() {
		return List.copyOf(statements);
	}

	public void clear() {
		statements.clear();
	}

	/** Called with each statement's SQL, on the thread that runs it, just before it runs. */
	public void beforeEach(Consumer<String> hook) {
		this.beforeEach = hook;
	}
}
