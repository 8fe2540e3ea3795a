package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one reply to a command on {@code booking.results}, keyed by request ID. A redelivered command gets the
 * very same result again.
 *
 * @param booking the booking after the command (for a rejection: as it stands, or null if it never existed)
 * @param rejection set exactly when {@code outcome} is not {@link Outcome#SUCCEEDED}
 * @param session for a session command, what became of each item; null otherwise
 * @param waitlist for a waitlist command, the entry after it (for a rejection: as it stands, or null if it never
 * existed); null otherwise
 */
public record CommandResult(
		UUID requestId,
		String commandType,
		Outcome outcome,
		UUID bookingId,
		BookingSnapshot booking,
		Rejection rejection,
		SessionOutcome session,
		Instant processedAt,
		WaitlistEntrySnapshot waitlist) {

	/** A result of a command that is not about a waitlist entry. */
	public CommandResult(UUID requestId, String commandType, Outcome outcome, UUID bookingId, BookingSnapshot booking,
			Rejection rejection, SessionOutcome session, Instant processedAt) {
		this(requestId, commandType, outcome, bookingId, booking, rejection, session, processedAt, null);
	}

	public CommandResult {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(commandType, "commandType");
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(processedAt, "processedAt");
		if ((outcome == Outcome.SUCCEEDED) != (rejection == null)) {
			throw new IllegalArgumentException("a rejection is given exactly when the outcome is not SUCCEEDED");
		}
	}

	public static CommandResult succeeded(BookingCommand command, BookingSnapshot booking, Instant processedAt) {
		return new CommandResult(command.requestId(), command.type(), Outcome.SUCCEEDED, booking.bookingId(), booking,
				null, null, processedAt);
	}

	public static CommandResult rejected(BookingCommand command, BookingSnapshot booking, Rejection rejection,
			Instant processedAt) {
		return new CommandResult(command.requestId(), command.type(), Outcome.REJECTED, command.bookingId(), booking,
				rejection, null, processedAt);
	}

	/** A command that could not be applied at all: it could not even be read. */
	public static CommandResult failed(java.util.UUID requestId, String commandType, String detail, Instant processedAt) {
		return new CommandResult(requestId, commandType, Outcome.FAILED, null, null,
				new Rejection(RejectionReason.INVALID_COMMAND, detail), null, processedAt);
	}

	public static CommandResult ofSession(SessionCommand command, SessionOutcome session, Rejection rejection,
			Instant processedAt) {
		return new CommandResult(command.requestId(), command.type(),
				rejection == null ? Outcome.SUCCEEDED : Outcome.REJECTED, null, null, rejection, session, processedAt);
	}

	public static CommandResult ofWaitlist(WaitlistCommand command, WaitlistEntrySnapshot entry, Rejection rejection,
			Instant processedAt) {
		return new CommandResult(command.requestId(), command.type(),
				rejection == null ? Outcome.SUCCEEDED : Outcome.REJECTED, null, null, rejection, null, processedAt, entry);
	}

	public boolean succeeded() {
		return outcome == Outcome.SUCCEEDED;
	}
}
