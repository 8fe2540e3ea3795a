package com.spa.booking.worker.publishing;

/**
 * Kafka did not take a batch's results and events in time. The batch committed; its offsets are not, so its commands
 * come again, are answered from their idempotency records, and their messages are sent again. Transient: the broker
 * may be back on the next try.
 */
public class MessagesNotPublished extends RuntimeException {

	MessagesNotPublished(Throwable cause) {
		super("Kafka did not acknowledge the results and events of committed commands: " + cause, cause);
	}
}
