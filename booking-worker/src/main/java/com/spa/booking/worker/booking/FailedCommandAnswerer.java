package com.spa.booking.worker.booking;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.publishing.AppliedCommand;

/**
 * A command that can never be applied (it cannot be read, or it fails the same way every time) still gets an answer if
 * its request ID can be read: FAILED, once, like any other outcome, so that nobody waits for it forever; a copy of it
 * gets the same answer again. The record itself goes to the dead-letter topic.
 */
@Component
public class FailedCommandAnswerer {

	private final ProcessedCommands processed;

	private final Clock clock;

	FailedCommandAnswerer(ProcessedCommands processed, Clock clock) {
		this.processed = processed;
		this.clock = clock;
	}

	/**
	 * Records the answer, if the command's request ID can be read; the caller publishes it once this committed.
	 *
	 * @return the answer to publish: FAILED, or, as for any redelivered command, the first answer again
	 */
	@Transactional
	public Optional<AppliedCommand> answer(String json, Exception problem) {
		return Messages.partialCommand(json).map(partial -> processed.find(partial.requestId()).orElseGet(() -> {
			CommandResult failed = CommandResult.failed(partial.requestId(), partial.type(),
					"The command could not be applied and was set aside: " + rootMessage(problem), clock.instant());
			AppliedCommand answer = AppliedCommand.of(failed, List.of(), null);
			processed.record(answer);
			return answer;
		}));
	}

	private static String rootMessage(Throwable problem) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(problem);
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		return message.length() > 300 ? message.substring(0, 300) + "..." : message;
	}
}
