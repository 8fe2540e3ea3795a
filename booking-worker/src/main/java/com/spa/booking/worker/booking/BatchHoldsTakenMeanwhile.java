package com.spa.booking.worker.booking;

/**
 * The database rejected holds that a batch had decided were free: another partition wrote a booking in their way
 * meanwhile, which the batch could not see. Nothing of the batch is written; its commands are applied again one at a
 * time, each deciding against the table itself.
 */
class BatchHoldsTakenMeanwhile extends RuntimeException {

	BatchHoldsTakenMeanwhile(int rejected) {
		super(rejected + " holds decided in a batch were rejected by the database; applying its commands one at a time");
	}
}
