package com.spa.booking.support;

import java.util.function.IntSupplier;

/** Big deletes in small transactions, so that pruning never holds many locks or a long transaction. */
public final class ChunkedDeletes {

	private ChunkedDeletes() {
	}

	/**
	 * Runs {@code chunk} until it deletes less than a full chunk.
	 *
	 * @param chunk deletes one chunk and says how many rows it deleted
	 * @return the rows deleted in all
	 */
	public static int repeatWhileFull(int size, IntSupplier chunk) {
		int total = 0;
		int done;
		do {
			done = chunk.getAsInt();
			total += done;
		}
		while (done == size);
		return total;
	}
}
