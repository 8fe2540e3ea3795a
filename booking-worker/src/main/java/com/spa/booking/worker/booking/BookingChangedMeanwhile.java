package com.spa.booking.worker.booking;

/**
 * A change was decided from a version of the booking that another transaction has changed since: a lost race. The
 * change is not written; the command's transaction rolls back and the command is applied again, deciding afresh from
 * what the row says then. Only a zombie consumer or a second writer the design does not foresee can cause it.
 */
public class BookingChangedMeanwhile extends RuntimeException {

	BookingChangedMeanwhile(Booking change) {
		super("Booking " + change.id() + " changed after it was read at version " + change.version() + "; the change to "
				+ change.status() + " decided from that version was not written");
	}
}
