package com.spa.booking.worker.failures;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.NoSuchElementException;
import java.util.Set;

import tools.jackson.core.JacksonException;

/**
 * Tells a command that can never be applied from one that may pass on a retry. Deterministic: the command cannot be
 * read; the database rejects its data (SQLState classes 22, data exceptions, and 23, integrity violations, but for
 * an exclusion constraint's overlap, which a fresh decision turns into a rejection) or its statement (class 42, a
 * syntax error or an undefined table, column or function: a bug the same statement meets on every retry, but for
 * {@code 42501}, a missing privilege, which an operator's {@code GRANT} mends); our own code throws on it
 * ({@link DateTimeException}, {@link ArithmeticException}, {@link IllegalArgumentException},
 * {@link NullPointerException}, {@link IllegalStateException} and {@link NoSuchElementException}: a state or an
 * absence our code took for impossible, which the same command finds again). A deterministic failure is answered
 * FAILED once and dead-lettered; retried, it would stop its partition for good. Everything else (lost connections,
 * serialization failures, deadlocks, timeouts, the broker, a lost race, a lost partition) is transient and worth
 * retrying.
 */
public final class FailureClassifier {

	private static final String OUR_CODE = "com.spa.booking.";

	private static final String EXCLUSION_VIOLATION = "23P01";

	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	private static final Set<Class<? extends RuntimeException>> PROGRAMMING_ERRORS = Set.of(DateTimeException.class,
			ArithmeticException.class, IllegalArgumentException.class, NullPointerException.class,
			IllegalStateException.class, NoSuchElementException.class);

	private FailureClassifier() {
	}

	/** Whether applying the command again would fail the same way. */
	public static boolean isDeterministic(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				return state.startsWith("22") || state.startsWith("23") && !state.equals(EXCLUSION_VIOLATION)
						|| state.startsWith("42") && !state.equals(INSUFFICIENT_PRIVILEGE);
			}
			if (cause instanceof JacksonException) {
				return true;
			}
			if (isProgrammingError(cause) && thrownByOurCode(cause)) {
				return true;
			}
		}
		return false;
	}

	/** What went wrong in the database, by SQLState: what an operator needs to tell load from a bug. */
	public static String databaseErrorKind(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				return state.equals("40P01") ? "deadlock" : state.equals("40001") ? "serialization"
						: state.startsWith("23") ? "constraint" : state.startsWith("22") ? "data"
								: state.startsWith("08") ? "connection" : "other";
			}
		}
		return "none";
	}

	private static boolean isProgrammingError(Throwable exception) {
		return PROGRAMMING_ERRORS.stream().anyMatch(type -> type.isInstance(exception));
	}

	/**
	 * Whether the first frame outside the JDK is ours: an exception the JDK throws on our behalf (a
	 * {@code requireNonNull}, an {@code Instant} overflow) counts, one from a library's own workings does not.
	 */
	private static boolean thrownByOurCode(Throwable exception) {
		for (StackTraceElement frame : exception.getStackTrace()) {
			String type = frame.getClassName();
			if (!(type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
					|| type.startsWith("com.sun."))) {
				return type.startsWith(OUR_CODE);
			}
		}
		return false;
	}
}
