package com.spa.booking.worker.booking;

/**
 * A change of a waitlist entry was decided from a status another transaction has changed since, where no other writer
 * is foreseen (an offered entry is moved on only by its hold's partition): the change is not written, the command's
 * transaction rolls back and the command is applied again, deciding afresh.
 */
class WaitlistEntryChangedMeanwhile extends RuntimeException {

	WaitlistEntryChangedMeanwhile(WaitlistEntry before, WaitlistEntry after) {
		super("Waitlist entry " + before.id() + " was no longer " + before.status() + "; the change to " + after.status()
				+ " decided from it was not written");
	}
}
