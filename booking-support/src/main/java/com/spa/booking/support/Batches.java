package com.spa.booking.support;

import java.util.function.IntSupplier;

/** Big deletes in small transactions, so that pruning never holds many locks or a long transaction. */
public final class Batches {

	private Batches() {
	}

	/**
	 * Runs {@code batch} until it does less than a full batch.
	 *
	 * @param batch does one batch and says how many rows it touched
	 * @return the rows touched in all
	 */
	public static int repeatWhileFull(int size, IntSupplier batch) {
		int total = 0;
		int done;
		do {
			done = batch.getAsInt();
			total += done;
		}
		while (done == size);
		return total;
	}
}
