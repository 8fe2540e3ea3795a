package com.spa.booking.worker.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.UncategorizedSQLException;

/**
 * Which failures stop at the first attempt (answered FAILED, dead-lettered) and which are retried. The whole path, a
 * planted failure between good commands on one partition, is {@code FailureHandlingIntegrationTests}'.
 */
class FailureClassifierTests {

	@ParameterizedTest(name = "SQLState {0}")
	@ValueSource(strings = { "42601", "42P01", "42703", "42883", "22001", "22021", "23505" })
	void aStatementOrDataTheDatabaseRefusesEveryTimeIsDeterministic(String state) {
		assertThat(FailureClassifier.isDeterministic(databaseSays(state))).isTrue();
	}

	@ParameterizedTest(name = "SQLState {0}")
	@ValueSource(strings = { "42501", "23P01", "40001", "40P01", "08006", "57014", "53300" })
	void aMissingPrivilegeAnOverlapALostRaceOrAnOutageIsRetried(String state) {
		assertThat(FailureClassifier.isDeterministic(databaseSays(state))).isFalse();
	}

	@Test
	void anIllegalStateOrAMissingElementOfOurOwnCodeIsDeterministic() {
		RuntimeException illegalState = new IllegalStateException("Only an expired hold can be confirmed late");
		RuntimeException missing = catchOf(() -> Optional.empty().orElseThrow());

		assertThat(FailureClassifier.isDeterministic(illegalState)).isTrue();
		assertThat(FailureClassifier.isDeterministic(missing)).isTrue();
		assertThat(FailureClassifier.isDeterministic(new RuntimeException("wrapped", missing))).isTrue();
	}

	@Test
	void anIllegalStateOfALibrarysOwnWorkingsIsRetried() {
		// a producer closed while the worker stops, a pool shut down: the library's state, not the command's
		RuntimeException closed = new IllegalStateException("Cannot perform operation after producer has been closed");
		closed.setStackTrace(new StackTraceElement[] {
				new StackTraceElement("org.apache.kafka.clients.producer.KafkaProducer", "throwIfProducerClosed",
						"KafkaProducer.java", 1000),
				new StackTraceElement("com.spa.booking.worker.publishing.MessagePublisher", "publish",
						"MessagePublisher.java", 100) });
		RuntimeException noSuchElement = new NoSuchElementException("none");
		noSuchElement.setStackTrace(new StackTraceElement[] {
				new StackTraceElement("org.springframework.util.Something", "next", "Something.java", 1) });

		assertThat(FailureClassifier.isDeterministic(closed)).isFalse();
		assertThat(FailureClassifier.isDeterministic(noSuchElement)).isFalse();
		assertThat(FailureClassifier.isDeterministic(new CannotAcquireLockException("timeout"))).isFalse();
	}

	private static RuntimeException databaseSays(String state) {
		SQLException refused = new SQLException("planted", state);
		return state.startsWith("42") ? new BadSqlGrammarException("planted", "SELECT 1", refused)
				: new UncategorizedSQLException("planted", "SELECT 1", refused);
	}

	private static RuntimeException catchOf(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException thrown) {
			return thrown;
		}
		throw new AssertionError("nothing thrown");
	}
}
