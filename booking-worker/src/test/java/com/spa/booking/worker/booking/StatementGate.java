package com.spa.booking.worker.booking;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Stands between the worker and its database and lets a test stop a thread just before a statement of its choice, or
 * make such a statement throw. With it two transactions of the real worker code interleave exactly as a test says:
 * one reads, pauses before it writes, the other commits, the first goes on.
 */
final class StatementGate {

	/** A statement about to run: its SQL and its parameters. */
	record Statement(String sql, List<Object> parameters) {

		boolean startsWith(String prefix) {
			return sql.stripLeading().regionMatches(true, 0, prefix, 0, prefix.length());
		}

		/** Whether a parameter, or an element of an array parameter, is this value. */
		boolean mentions(Object parameter) {
			return parameters.stream()
				.flatMap(value -> value instanceof Object[] array ? Arrays.stream(array) : java.util.stream.Stream.of(value))
				.anyMatch(value -> Objects.equals(value, parameter)
						|| value != null && parameter != null && value.toString().equals(parameter.toString()));
		}
	}

	private final List<Trap> traps = new CopyOnWriteArrayList<>();

	/**
	 * Runs {@code action} on a thread of its own, which stops just before the first statement that {@code at}
	 * matches, until released.
	 */
	<T> Paused<T> pauseBefore(Predicate<Statement> at, Supplier<T> action) {
		Paused<T> paused = new Paused<>(at);
		traps.add(paused);
		Thread thread = new Thread(() -> {
			try {
				paused.outcome.complete(action.get());
			}
			catch (Throwable ex) {
				paused.outcome.completeExceptionally(ex);
			}
			finally {
				traps.remove(paused);
				paused.reached.countDown();
			}
		}, "paused-by-test");
		paused.thread = thread;
		thread.start();
		return paused;
	}

	/** Matches every statement after the first one that {@code first} matches. */
	static Predicate<Statement> after(Predicate<Statement> first) {
		AtomicBoolean seen = new AtomicBoolean();
		return statement -> {
			if (seen.get()) {
				return true;
			}
			seen.set(first.test(statement));
			return false;
		};
	}

	/** Every statement that {@code at} matches throws, on whatever thread, until the returned handle is closed. */
	Planted failWith(Predicate<Statement> at, Supplier<? extends RuntimeException> failure) {
		Planted planted = new Planted(at, failure);
		traps.add(planted);
		return planted;
	}

	private void before(List<QueryInfo> queries) {
		for (QueryInfo query : queries) {
			Statement statement = new Statement(query.getQuery(), query.getParametersList()
				.stream()
				.flatMap(List::stream)
				.map(ParameterSetOperation::getArgs)
				.map(args -> args.length > 1 ? args[1] : null)
				.toList());
			for (Trap trap : traps) {
				trap.spring(statement);
			}
		}
	}

	private interface Trap {

		void spring(Statement statement);
	}

	/** A thread stopped before a statement. */
	static final class Paused<T> implements Trap {

		private final Predicate<Statement> at;

		private final AtomicBoolean sprung = new AtomicBoolean();

		private final CountDownLatch reached = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		final CompletableFuture<T> outcome = new CompletableFuture<>();

		private volatile Thread thread;

		private volatile Statement pausedAt;

		private Paused(Predicate<Statement> at) {
			this.at = at;
		}

		@Override
		public void spring(Statement statement) {
			if (Thread.currentThread() == thread && at.test(statement) && sprung.compareAndSet(false, true)) {
				pausedAt = statement;
				reached.countDown();
				try {
					if (!released.await(60, TimeUnit.SECONDS)) {
						throw new IllegalStateException("never released from before " + statement);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		/** @return the statement it stopped before; fails if it ended without reaching one */
		Statement awaitPaused() throws InterruptedException {
			if (!reached.await(30, TimeUnit.SECONDS) || pausedAt == null) {
				throw new AssertionError("never reached the statement to pause at; ended with " + outcome);
			}
			return pausedAt;
		}

		/** Lets it go on and waits for what it came to. */
		CompletableFuture<T> release() {
			released.countDown();
			try {
				thread.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return outcome;
		}
	}

	/** A failure planted in every matching statement until closed. */
	final class Planted implements Trap, AutoCloseable {

		private final Predicate<Statement> at;

		private final Supplier<? extends RuntimeException> failure;

		private Planted(Predicate<Statement> at, Supplier<? extends RuntimeException> failure) {
			this.at = at;
			this.failure = failure;
		}

		@Override
		public void spring(Statement statement) {
			if (at.test(statement)) {
				throw failure.get();
			}
		}

		@Override
		public void close() {
			traps.remove(this);
		}
	}

	/** Puts the gate in front of the application's data source. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Installed {

		@Bean
		StatementGate statementGate() {
			return new StatementGate();
		}

		@Bean
		static BeanPostProcessor gateInFrontOfTheDataSource(org.springframework.beans.factory.ObjectProvider<StatementGate> gate) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (bean instanceof DataSource dataSource && !(bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource)) {
						return ProxyDataSourceBuilder.create(name, dataSource)
							.beforeQuery((execution, queries) -> gate.getObject().before(queries))
							.build();
					}
					return bean;
				}
			};
		}
	}

	@Override
	public String toString() {
		return "StatementGate" + Arrays.toString(traps.toArray());
	}
}
