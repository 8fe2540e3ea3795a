package com.spa.booking.benchmark;

import java.util.Comparator;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.infra.Postgres;

/**
 * What PostgreSQL spent its time on during a part of the benchmark, from {@code pg_stat_statements} (loaded by
 * {@link BenchmarkPostgres}): per statement its calls, mean time, rows and share of the time of all statements in the
 * part's database, and the statements per command and per committed transaction ({@code pg_stat_database}).
 * <p>
 * The benchmark's own queries in that database say {@value #OWN} in their text and are left out of the statements; its
 * own transactions there are counted by the caller and taken off the committed ones. Transaction control
 * ({@code BEGIN}, {@code COMMIT}, ...) is not counted as a statement.
 */
final class StatementProfiles {

	/** Marks the benchmark's own queries (a column alias), so that they are left out of a profile. */
	static final String OWN = "benchmark_probe";

	/**
	 * Transaction control, which {@code pg_stat_statements} counts only in part (the driver's {@code COMMIT}, once
	 * prepared, is not counted): left out of the statements, the committed transactions are counted instead.
	 */
	static final java.util.regex.Pattern TRANSACTION_CONTROL = java.util.regex.Pattern.compile(
			"(?i)^\\s*(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\\b.*");

	/** How many statements a profile lists, the most expensive first. */
	static final int TOP = 12;

	/**
	 * @param query normalised by {@code pg_stat_statements}: constants are {@code $n}
	 * @param share of the total execution time of every statement of the part
	 */
	record Statement(String query, long calls, double meanMillis, long rows, double totalMillis, double share) {
	}

	/**
	 * @param statements every statement executed in the part's database, but the benchmark's own
	 * @param transactions transactions committed in the part's database, but the benchmark's own; 0 if unknown
	 */
	record Profile(String label, long commands, long statements, double totalMillis, long transactions,
			List<Statement> top) {

		double statementsPerCommand() {
			return commands == 0 ? 0 : (double) statements / commands;
		}

		double statementsPerTransaction() {
			return transactions <= 0 ? 0 : (double) statements / transactions;
		}

		double transactionsPerCommand() {
			return commands == 0 ? 0 : (double) transactions / commands;
		}
	}

	private final JdbcClient admin;

	/** Why there are no profiles; null when there are. */
	private final String unavailable;

	private StatementProfiles(JdbcClient admin, String unavailable) {
		this.admin = admin;
		this.unavailable = unavailable;
	}

	/** Installs the extension in the server's {@code postgres} database, where every profile is read from. */
	static StatementProfiles on(Postgres server) {
		JdbcClient admin = JdbcClient.create(new org.springframework.jdbc.datasource.SimpleDriverDataSource(
				new org.postgresql.Driver(), server.jdbcUrl(), server.username(), server.password()));
		try {
			admin.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
			admin.sql("SELECT count(*) FROM pg_stat_statements").query(Long.class).single();
			return new StatementProfiles(admin, null);
		}
		catch (RuntimeException ex) {
			String reason = "no statement profiles: pg_stat_statements is not loaded (" + ex.getMessage() + ")";
			System.out.println("[benchmark] " + reason);
			return new StatementProfiles(admin, reason);
		}
	}

	boolean available() {
		return unavailable == null;
	}

	/**
	 * Starts counting in the database afresh: its statements' figures reset, its committed transactions noted. The
	 * caller should have closed its own connections to it a moment before, so that their counts have reached the
	 * statistics.
	 */
	Window open(Database database) {
		if (!available()) {
			return new Window(database.name(), -1);
		}
		pause(300);
		admin.sql("SELECT pg_stat_statements_reset(0, d.oid, 0) FROM pg_database d WHERE d.datname = ?")
			.param(database.name()).query().listOfRows();
		return new Window(database.name(), committed(database.name()));
	}

	private long committed(String database) {
		return admin.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = ?").param(database)
			.query(Long.class).single();
	}

	/** One part's counting. */
	final class Window {

		private final String database;

		private final long committedBefore;

		private List<Statement> statements = List.of();

		private Window(String database, long committedBefore) {
			this.database = database;
			this.committedBefore = committedBefore;
		}

		/** Reads the statements' figures: right when the part is done, before anything else runs there. */
		void readStatements() {
			if (committedBefore < 0) {
				return;
			}
			statements = admin.sql("""
					SELECT regexp_replace(s.query, '\\s+', ' ', 'g') AS query, s.calls, s.mean_exec_time, s.rows,
					       s.total_exec_time
					  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
					 WHERE d.datname = ? AND s.query NOT LIKE ?""")
				.params(database, "%" + OWN + "%")
				.query((rs, n) -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4),
						rs.getDouble(5), 0))
				.stream()
				.filter(statement -> !TRANSACTION_CONTROL.matcher(statement.query()).matches())
				.toList();
		}

		/**
		 * @param ownTransactions the transactions the benchmark itself committed in the database since the window
		 * opened, each of its polls one
		 * @return null without pg_stat_statements
		 */
		Profile finish(String label, long commands, long ownTransactions) {
			if (committedBefore < 0) {
				return null;
			}
			// a backend reports its counts when it goes idle, at most once a second: the connections are closed by now
			pause(1_200);
			long transactions = Math.max(0, committed(database) - committedBefore - ownTransactions);
			double total = statements.stream().mapToDouble(Statement::totalMillis).sum();
			long calls = statements.stream().mapToLong(Statement::calls).sum();
			List<Statement> top = statements.stream()
				.sorted(Comparator.comparingDouble(Statement::totalMillis).reversed())
				.limit(TOP)
				.map(s -> new Statement(s.query(), s.calls(), s.meanMillis(), s.rows(), s.totalMillis(),
						total == 0 ? 0 : s.totalMillis() / total))
				.toList();
			return new Profile(label, commands, calls, total, transactions, top);
		}
	}

	String unavailable() {
		return unavailable;
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
