package com.spa.booking.worker.booking;

/**
 * The database refused holds that a batch had decided were free: another partition wrote a booking in their way
 * meanwhile, which the batch could not see. Nothing of the batch is written; its commands are applied again one at a
 * time, each deciding against the table itself.
 */
class BatchSawTooLittle extends RuntimeException {

	BatchSawTooLittle(int refused) {
		super(refused + " holds decided in a batch were refused by the database; applying its commands one at a time");
	}
}
