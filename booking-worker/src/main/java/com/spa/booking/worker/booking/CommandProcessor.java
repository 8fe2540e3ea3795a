package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.SessionCommand;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.fencing.Ownership;
import com.spa.booking.worker.fencing.PartitionOwners;
import com.spa.booking.worker.outbox.Outbox;

/**
 * Applies one command: idempotency check, the rules, the write, and the outcome (result and events into the outbox),
 * all in the caller's transaction or a new one. Nothing here talks to Kafka, so the same method can apply a whole poll
 * of records inside one transaction.
 */
@Service
public class CommandProcessor {

	/** One line per command at DEBUG, with its request, booking and trace IDs in the log context. */
	private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

	private final Bookings bookings;

	private final BookingRules rules;

	private final SessionCommands sessions;

	private final Transitions transitions;

	private final ProcessedCommands processed;

	private final Outbox outbox;

	private final WorkerProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final PartitionOwners owners;

	private final Tracer tracer;

	private final Propagator propagator;

	CommandProcessor(Bookings bookings, BookingRules rules, SessionCommands sessions, Transitions transitions,
			ProcessedCommands processed, Outbox outbox, WorkerProperties properties, Clock clock, MeterRegistry meters,
			PartitionOwners owners, Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.meters = meters;
		this.owners = owners;
		this.bookings = bookings;
		this.rules = rules;
		this.sessions = sessions;
		this.transitions = transitions;
		this.processed = processed;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Counts every outcome as {@code booking.commands} (tags: command, outcome, reason; redeliveries as outcome
	 * REPEATED), times it as {@code booking.command.apply} and traces it as a span that continues the trace the command
	 * brought along, with the request and booking IDs in the log context.
	 */
	@Transactional
	public CommandResult process(BookingCommand command) {
		return process(ReceivedCommand.untraced(command));
	}

	/** As {@link #process(BookingCommand)}, for a consumer that must still own the command's partition. */
	@Transactional
	CommandResult process(ReceivedCommand command, Ownership ownership) {
		owners.requireOwnership(ownership);
		outbox.forPartition(ownership.partition());
		return process(command);
	}

	private CommandResult process(ReceivedCommand received) {
		BookingCommand command = received.command();
		// the tracer directly rather than an observation: this runs for every command, thousands a second
		Span.Builder sentWith = received.traceContext().isEmpty() ? tracer.spanBuilder()
				: propagator.extract(received.traceContext(), Map::get);
		Span span = sentWith.name("apply " + command.type())
			.kind(Span.Kind.CONSUMER)
			.remoteServiceName("kafka")
			.tag("booking.request.id", command.requestId().toString())
			.tag("booking.id", String.valueOf(command.bookingId()))
			.start();
		Timer.Sample sample = Timer.start(meters);
		try (Tracer.SpanInScope scope = tracer.withSpan(span);
				var requestId = MDC.putCloseable("requestId", command.requestId().toString());
				var bookingId = MDC.putCloseable("bookingId", String.valueOf(command.bookingId()))) {
			return processOnce(command);
		}
		catch (RuntimeException failed) {
			span.error(failed);
			throw failed;
		}
		finally {
			span.end();
			sample.stop(meters.timer("booking.command.apply", "command", command.type()));
		}
	}

	/**
	 * A batch of one partition's commands, in log order, in one transaction: the partition's ownership checked once,
	 * the batch's idempotency records and bookings read in one query each, and its results, events and idempotency
	 * records written in one statement each when it commits. Each command sees what those before it did, exactly as if
	 * it had been applied on its own after them.
	 */
	@Transactional
	List<CommandResult> processAll(List<ReceivedCommand> received, Ownership ownership) {
		owners.requireOwnership(ownership);
		outbox.forPartition(ownership.partition());
		List<BookingCommand> commands = received.stream().map(ReceivedCommand::command).toList();
		processed.prefetch(commands.stream().map(BookingCommand::requestId).toList());
		bookings.prefetch(commands.stream().map(BookingCommand::bookingId).toList());
		rules.prefetch(commands);
		meters.summary("booking.batch.size").record(commands.size());
		return received.stream().map(this::process).toList();
	}

	private CommandResult processOnce(BookingCommand command) {
		var earlier = processed.find(command.requestId());
		if (earlier.isPresent()) {
			// a redelivery: answer again, change nothing, announce nothing new
			outbox.result(earlier.get());
			meters.counter("booking.commands", "command", command.type(), "outcome", "REPEATED", "reason", "none").increment();
			return earlier.get();
		}
		CommandResult result = command instanceof SessionCommand session ? sessions.apply(session) : applyOne(command);
		meters.counter("booking.commands", "command", command.type(), "outcome", result.outcome().name(), "reason",
				result.rejection() == null ? "none" : result.rejection().reason().name()).increment();
		processed.record(result);
		outbox.result(result);
		log.debug("{} {}", command.type(), result.rejection() == null ? result.outcome() : result.rejection().reason());
		return result;
	}

	/** A command about one booking; a rejection becomes a REJECTED result and, for customers' commands, an event. */
	private CommandResult applyOne(BookingCommand command) {
		try {
			return apply(command);
		}
		catch (CommandRejected rejected) {
			BookingSnapshot booking = bookingAsRejected(command);
			CommandResult result = CommandResult.rejected(command, booking, rejected.rejection(), now());
			if (!(command instanceof ExpireHold)) {
				outbox.event(new BookingRejected(UUID.randomUUID(), result.processedAt(), command.requestId(), booking,
						command.type(), rejected.rejection()));
			}
			return result;
		}
	}

	private CommandResult apply(BookingCommand command) {
		if (command instanceof PlaceHold hold) {
			return placeHold(hold);
		}
		Booking booking = bookings.find(command.bookingId())
			.filter(found -> found.therapistId().equals(command.therapistId()))
			.orElseThrow(() -> new CommandRejected(RejectionReason.BOOKING_NOT_FOUND,
					"No booking " + command.bookingId() + " with therapist " + command.therapistId() + "."))
			.requireNotInSession();
		if (command instanceof ExpireHold) {
			return succeeded(command,
					transitions.save(booking, booking.expire(command.requestedAt(), properties.holdGrace()), command));
		}
		if (command instanceof RescheduleBooking reschedule) {
			return succeeded(command, rules.reschedule(booking, reschedule));
		}
		// decided by when the confirm was requested, not by when it arrived: one requested in time finds the hold, for
		// nobody marks it expired before its grace is over
		Booking current = transitions.save(booking, booking.expireIfRunOut(command.requestedAt()), command);
		if (command instanceof ConfirmBooking && current.status() == BookingStatus.EXPIRED) {
			return succeeded(command, rules.confirmLate(current, command));
		}
		Booking changed = command instanceof ConfirmBooking ? current.confirm() : current.cancel();
		return succeeded(command, transitions.save(current, changed, command));
	}

	private CommandResult placeHold(PlaceHold command) {
		rules.requireRoomForHolds(command.customerId(), 1, command.requestedAt());
		return succeeded(command, rules.place(command.bookingId(), command.customerId(), command.therapistId(),
				command.serviceId(), command.start(), command.requestedAt().plus(properties.holdTtl()), null, command));
	}

	private CommandResult succeeded(BookingCommand command, Booking booking) {
		return CommandResult.succeeded(command, booking.snapshot(properties.zone()), now());
	}

	/** The booking as it stands; for a hold that never was, the booking as requested (without a status). */
	private BookingSnapshot bookingAsRejected(BookingCommand command) {
		if (command instanceof PlaceHold hold) {
			return new BookingSnapshot(hold.bookingId(), hold.customerId(), hold.therapistId(), hold.serviceId(),
					hold.start(), null, null, null, null, null);
		}
		return bookings.find(command.bookingId())
			.map(booking -> booking.snapshot(properties.zone()))
			.orElseGet(() -> new BookingSnapshot(command.bookingId(), null, command.therapistId(), null, null, null,
					null, null, null, null));
	}

	private Instant now() {
		return clock.instant();
	}
}
