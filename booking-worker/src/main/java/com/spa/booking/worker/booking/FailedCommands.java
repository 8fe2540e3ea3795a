package com.spa.booking.worker.booking;

import java.time.Clock;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.outbox.Outbox;

/**
 * A command that can never be applied (it cannot be read, or it fails the same way every time) still gets an answer if
 * its request ID can be read: FAILED, once, like any other outcome, so that nobody waits for it forever; a copy of it
 * gets the same answer again. The record itself goes to the dead-letter topic.
 */
@Component
public class FailedCommands {

	private final ProcessedCommands processed;

	private final Outbox outbox;

	private final Clock clock;

	FailedCommands(ProcessedCommands processed, Outbox outbox, Clock clock) {
		this.processed = processed;
		this.outbox = outbox;
		this.clock = clock;
	}

	/** @param partition the command partition it came from, whose consumer publishes the answer */
	@Transactional
	public void answer(String json, int partition, Exception problem) {
		Messages.partialCommand(json).ifPresent(partial -> {
			outbox.forPartition(partition);
			// as for any redelivered command: the first answer, again
			CommandResult answer = processed.find(partial.requestId()).orElseGet(() -> {
				CommandResult failed = CommandResult.failed(partial.requestId(), partial.type(),
						"The command could not be applied and was set aside: " + rootMessage(problem), clock.instant());
				processed.record(failed);
				return failed;
			});
			outbox.result(answer);
		});
	}

	private static String rootMessage(Throwable problem) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(problem);
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		return message.length() > 300 ? message.substring(0, 300) + "..." : message;
	}
}
