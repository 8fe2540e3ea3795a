package com.spa.booking.worker.booking;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import com.spa.booking.worker.publishing.EventBuffer;

/**
 * Work that may be rejected as a whole (a session's items, a write an exclusion constraint may reject) runs in a savepoint
 * of the command's transaction. A savepoint that is rolled back takes with it what the work wrote: its rows in the
 * database, and what this transaction keeps in memory for it, the events it made and the bookings it read.
 */
@Component
class SavepointRunner {

	private final TransactionTemplate nested;

	private final EventBuffer events;

	private final BookingWorkingSet bookings;

	SavepointRunner(PlatformTransactionManager transactions, EventBuffer events, BookingWorkingSet bookings) {
		this.nested = new TransactionTemplate(transactions);
		this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		this.events = events;
		this.bookings = bookings;
	}

	/** Rolled back if the work throws, or marks its status rollback-only. */
	<T> T run(TransactionCallback<T> work) {
		// written first, so that a rollback of the savepoint drops only what was decided within it
		bookings.flushPending();
		int mark = events.mark();
		boolean[] rejected = new boolean[1];
		try {
			T result = nested.execute(status -> {
				T done = work.doInTransaction(status);
				rejected[0] = status.isRollbackOnly();
				return done;
			});
			if (rejected[0]) {
				forgetSince(mark);
			}
			return result;
		}
		catch (RuntimeException ex) {
			forgetSince(mark);
			throw ex;
		}
	}

	private void forgetSince(int mark) {
		events.resetTo(mark);
		bookings.forgetWhatWasRead();
	}
}
