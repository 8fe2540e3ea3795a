package com.spa.booking.worker.transaction;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value that lives as long as the current transaction: made on first use, handed to {@code beforeCommit} when the
 * transaction is about to commit, dropped when it ends. What a batch of commands reads once and writes in bulk lives
 * here, so a command applied on its own gets the same treatment as one in a batch of five hundred.
 */
public final class TransactionScoped<T> {

	private final Supplier<T> create;

	private final Consumer<T> beforeCommit;

	private TransactionScoped(Supplier<T> create, Consumer<T> beforeCommit) {
		this.create = create;
		this.beforeCommit = beforeCommit;
	}

	/** A cache: nothing to do at commit. */
	public static <T> TransactionScoped<T> of(Supplier<T> create) {
		return new TransactionScoped<>(create, value -> {
		});
	}

	/** Writes held back until the transaction commits, in its last statements. */
	public static <T> TransactionScoped<T> flushedBeforeCommit(Supplier<T> create, Consumer<T> flush) {
		return new TransactionScoped<>(create, flush);
	}

	/** @throws IllegalStateException outside a transaction */
	@SuppressWarnings("unchecked")
	public T get() {
		T value = (T) TransactionSynchronizationManager.getResource(this);
		if (value != null) {
			return value;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("Needs a transaction");
		}
		T made = create.get();
		TransactionSynchronizationManager.bindResource(this, made);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				beforeCommit.accept(made);
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(TransactionScoped.this);
			}
		});
		return made;
	}
}
