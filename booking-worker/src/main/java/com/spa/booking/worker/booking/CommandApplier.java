package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.CompleteBooking;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.FeeKind;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RecordNoShow;
import com.spa.booking.schemas.SessionCommand;
import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.ExpireSession;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.HoldReleased;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.schemas.WaitlistCommand;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.fencing.Ownership;
import com.spa.booking.worker.publishing.AppliedCommand;
import com.spa.booking.worker.publishing.EventBuffer;

/**
 * Applies one command: idempotency check, the rules, the write, and what to publish once it committed (its result and
 * the events it made, recorded with it), all in the caller's transaction or a new one. Nothing here talks to Kafka, so
 * the same method can apply a whole poll of records inside one transaction.
 */
@Service
public class CommandApplier {

	/** One line per command at DEBUG, with its request, booking and trace IDs in the log context. */
	private static final Logger log = LoggerFactory.getLogger(CommandApplier.class);

	/** The W3C header of a trace context. */
	private static final String TRACEPARENT = "traceparent";

	private final BookingWorkingSet bookings;

	private final BookingTimeClaimer claimer;

	private final BatchPrefetch prefetch;

	private final SessionCommandApplier sessions;

	private final WaitlistCommandApplier waitlist;

	/** Offers a released time to the waitlist, in the releasing command's transaction. */
	private final WaitlistFiller filler;

	private final BookingSessions sessionPartitions;

	private final TransitionWriter transitions;

	private final ProcessedCommands processed;

	private final EventBuffer events;

	private final WorkerProperties properties;

	private final SharedSettings settings;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Tracer tracer;

	private final Propagator propagator;

	/** The meters of every command, found once rather than looked up for each of thousands a second. */
	private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

	private final Map<String, Timer> applyTimes = new ConcurrentHashMap<>();

	CommandApplier(BookingWorkingSet bookings, BookingTimeClaimer claimer, BatchPrefetch prefetch,
			SessionCommandApplier sessions, BookingSessions sessionPartitions, WaitlistCommandApplier waitlist,
			WaitlistFiller filler, TransitionWriter transitions, ProcessedCommands processed, EventBuffer events,
			WorkerProperties properties, SharedSettings settings, Clock clock, MeterRegistry meters, Tracer tracer,
			Propagator propagator) {
		this.waitlist = waitlist;
		this.filler = filler;
		this.tracer = tracer;
		this.propagator = propagator;
		this.meters = meters;
		this.bookings = bookings;
		this.claimer = claimer;
		this.prefetch = prefetch;
		this.sessions = sessions;
		this.sessionPartitions = sessionPartitions;
		this.transitions = transitions;
		this.processed = processed;
		this.events = events;
		this.properties = properties;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Counts every outcome as {@code booking.commands} (tags: command, outcome, reason; redeliveries as outcome
	 * REPEATED), times it as {@code booking.command.apply} and traces it as a span that continues the trace the command
	 * brought along, with the request and booking IDs in the log context.
	 */
	@Transactional
	public AppliedCommand apply(BookingCommand command) {
		List<AppliedCommand> applied = applyTraced(ReceivedCommand.untraced(command));
		return applied.get(applied.size() - 1);
	}

	/**
	 * As {@link #apply(BookingCommand)}, for a consumer that must still own the command's partition.
	 *
	 * @return what to publish once this committed: the command's messages, after those of its booking's last move to
	 * another therapist, if there was one ({@link BookingWorkingSet#lastMoveOf(UUID)})
	 */
	@Transactional
	List<AppliedCommand> applyOwned(ReceivedCommand command, Ownership ownership) {
		processed.prefetch(List.of(command.command().requestId()), List.of(ownership));
		return applyTraced(command);
	}

	/**
	 * A batch of commands, each partition's in log order, in one transaction: its idempotency records looked up with
	 * the fencing check of every partition in one statement, what it needs read with two more up front
	 * ({@link BatchPrefetch}), each command decided against what the transaction has seen and written, and the new
	 * holds and the idempotency records written in one statement each when it commits. Each command sees what those
	 * before it did, exactly as if it had been applied on its own after them.
	 */
	@Transactional
	List<AppliedCommand> applyBatch(List<ReceivedCommand> received, Collection<Ownership> ownerships) {
		List<BookingCommand> commands = received.stream().map(ReceivedCommand::command).toList();
		processed.prefetch(commands.stream().map(BookingCommand::requestId).toList(), ownerships);
		prefetch.prefetch(commands.stream().filter(command -> processed.find(command.requestId()).isEmpty()).toList());
		meters.summary("booking.batch.size").record(commands.size());
		return received.stream().flatMap(command -> applyTraced(command).stream()).toList();
	}

	private List<AppliedCommand> applyTraced(ReceivedCommand received) {
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
			String traceparent = traceparent(span);
			List<AppliedCommand> applied = new ArrayList<>(2);
			lastMoveToCarry(command).ifPresent(move -> applied.add(move.tracedAs(traceparent)));
			applied.add(applyOnce(command, traceparent));
			return applied;
		}
		catch (RuntimeException failed) {
			span.error(failed);
			throw failed;
		}
		finally {
			span.end();
			sample.stop(applyTimes.computeIfAbsent(command.type(),
					type -> meters.timer("booking.command.apply", "command", type)));
		}
	}

	private AppliedCommand applyOnce(BookingCommand command, String traceparent) {
		var earlier = processed.find(command.requestId());
		if (earlier.isPresent()) {
			// a redelivery: answer again, change nothing, announce nothing new (what was announced goes out again)
			count(command.type(), "REPEATED", "none");
			return earlier.get().tracedAs(traceparent);
		}
		int mark = events.mark();
		CommandResult result = command instanceof SessionCommand session ? applySession(session, mark)
				: command instanceof WaitlistCommand entry ? waitlist.apply(entry) : applyOrReject(command);
		count(command.type(), result.outcome().name(),
				result.rejection() == null ? "none" : result.rejection().reason().name());
		AppliedCommand applied = AppliedCommand.of(result, events.since(mark), traceparent);
		if (!askedTooEarly(result)) {
			processed.record(applied);
		}
		log.debug("{} {}", command.type(), result.rejection() == null ? result.outcome() : result.rejection().reason());
		return applied;
	}

	/**
	 * A session command; what its cancellation or expiry released of its own partition's therapist goes to the waitlist
	 * (the items of its other therapists are their partitions' to hold, so their times are left free).
	 *
	 * @param mark where the command's events begin: those of the items it released
	 */
	private CommandResult applySession(SessionCommand command, int mark) {
		CommandResult result = sessions.apply(command);
		if (command instanceof CancelSession || command instanceof ExpireSession) {
			for (SpaEvent event : events.since(mark)) {
				if ((event instanceof HoldExpired || event instanceof HoldReleased || event instanceof BookingCancelled)
						&& command.therapistId().equals(((BookingEvent) event).booking().therapistId())) {
					filler.fillReleased(((BookingEvent) event).booking(), command);
				}
			}
		}
		return result;
	}

	/**
	 * An expiry asked for before the hold's grace ran out: "not yet" is no outcome. The timer asks again under the same
	 * request ID (derived from the booking), so were this answer recorded, every later ask would be answered from it
	 * for as long as records are kept, and the hold would keep its time all that while. Unrecorded, a later ask is
	 * decided afresh; a redelivery of this very command is decided again, from the same {@code requestedAt}.
	 */
	private static boolean askedTooEarly(CommandResult result) {
		return result.rejection() != null && result.rejection().reason() == RejectionReason.HOLD_STILL_VALID;
	}

	/**
	 * The stored messages of the move that brought the command's booking to its therapist, and so to this partition:
	 * they go out again ahead of the command's own, in case the partition that moved it never published them.
	 */
	private Optional<AppliedCommand> lastMoveToCarry(BookingCommand command) {
		if (command.bookingId() == null || command instanceof PlaceHold) {
			return Optional.empty();
		}
		return bookings.lastMoveOf(command.bookingId())
			.filter(move -> !move.equals(command.requestId()))
			.flatMap(processed::find);
	}

	private void count(String command, String outcome, String reason) {
		outcomes.computeIfAbsent(command + "/" + outcome + "/" + reason, key -> meters.counter("booking.commands",
				"command", command, "outcome", outcome, "reason", reason)).increment();
	}

	/** The W3C trace context of the span, if it is sampled: what the records it leads to carry. */
	private String traceparent(Span span) {
		if (span.isNoop() || !Boolean.TRUE.equals(span.context().sampled())) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>(4);
		propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/** A command about one booking; a rejection becomes a REJECTED result and, for customers' commands, an event. */
	private CommandResult applyOrReject(BookingCommand command) {
		try {
			return applyToBooking(command);
		}
		catch (CommandRejected rejected) {
			BookingSnapshot booking = bookingAsRejected(command);
			CommandResult result = CommandResult.rejected(command, booking, rejected.rejection(), now());
			if (!(command instanceof ExpireHold)) {
				events.add(new BookingRejected(UUID.randomUUID(), result.processedAt(), command.requestId(), booking,
						command.type(), rejected.rejection()));
			}
			return result;
		}
	}

	private CommandResult applyToBooking(BookingCommand command) {
		if (command instanceof PlaceHold hold) {
			return placeHold(hold);
		}
		Booking found = bookings.find(command.bookingId()).orElseThrow(() -> notFound(command));
		boolean mark = command instanceof CompleteBooking || command instanceof RecordNoShow;
		Booking booking = mark && found.sessionId() != null ? requireOnItsSessionsPartition(found, command)
				: requireOnThisPartition(found, command).requireNotInSession();
		if (command instanceof ExpireHold) {
			Booking expired = transitions.save(booking, booking.expire(command.requestedAt(), settings.holdGrace()), command);
			fillIfReleased(booking, expired, booking.start(), command);
			return succeeded(command, expired);
		}
		if (command instanceof RescheduleBooking reschedule) {
			Booking moved = claimer.reschedule(booking, reschedule);
			// the old time is free now (what the move still covers of it, the fill finds taken)
			filler.fill(booking.therapistId(), booking.start(), booking.blockedUntil(), command);
			return succeeded(command, moved);
		}
		if (command instanceof CompleteBooking) {
			return succeeded(command, transitions.save(booking, booking.complete(command.requestedAt()), command));
		}
		if (command instanceof RecordNoShow) {
			Booking noShow = transitions.save(booking, booking.recordNoShow(command.requestedAt()), command);
			if (noShow != booking) {
				noShow.noShowFee().ifPresent(fee -> transitions.charge(noShow, FeeKind.NO_SHOW, fee, command));
				// marked before its end, the rest of its time is free from the mark on
				Instant freeFrom = Booking.asStored(command.requestedAt());
				fillIfReleased(booking, noShow, freeFrom.isAfter(booking.start()) ? freeFrom : booking.start(), command);
			}
			return succeeded(command, noShow);
		}
		// decided by when the confirm was requested, not by when it arrived: one requested in time finds the hold, for
		// nobody marks it expired before its grace is over
		Booking current = transitions.save(booking, booking.expireIfRunOut(command.requestedAt()), command);
		if (command instanceof ConfirmBooking && current.status() == BookingStatus.EXPIRED) {
			try {
				return succeeded(command, claimer.confirmLate(current, command));
			}
			catch (CommandRejected tooLate) {
				// the late confirm did not get the time back: if this command marked the hold expired, the time it
				// freed goes to the waitlist (it is not offered before, so that the late confirm may still have it)
				fillIfReleased(booking, current, booking.start(), command);
				throw tooLate;
			}
		}
		if (command instanceof CancelBooking cancel) {
			Booking cancelled = cancel(current, cancel);
			// released by the cancellation, or by the expiry of a hold that had run out: either way by this command
			fillIfReleased(booking, cancelled, booking.start(), command);
			return succeeded(command, cancelled);
		}
		return succeeded(command, transitions.save(current, current.confirm(), command));
	}

	/** A cancellation, and its fee if it is a customer's inside the free-cancellation window. */
	private Booking cancel(Booking current, CancelBooking command) {
		Booking cancelled = transitions.save(current, current.cancel(command.requestedAt()), command);
		if (cancelled != current) {
			current.lateCancellationFee(command.requestedAt(), command.requestedBy())
				.ifPresent(fee -> transitions.charge(cancelled, FeeKind.LATE_CANCELLATION, fee, command));
		}
		return cancelled;
	}

	/**
	 * If the command took the booking's time off the calendar (it was active, and is no longer), offers
	 * {@code [from, blockedUntil)} to the waitlist. Only the booking's own partition releases its time, so the fill
	 * runs on the therapist's partition, as any hold for the therapist does.
	 */
	private void fillIfReleased(Booking before, Booking after, Instant from, BookingCommand command) {
		// a session's item marked on the session's partition may be another therapist's: that time is their partition's
		// to hold, as for the session's own releases
		if (isActive(before) && !isActive(after) && before.therapistId().equals(command.therapistId())) {
			filler.fill(before.therapistId(), from, before.blockedUntil(), command);
		}
	}

	private static boolean isActive(Booking booking) {
		return booking.status() == BookingStatus.HELD || booking.status() == BookingStatus.CONFIRMED;
	}

	/**
	 * The booking, if the command came on its therapist's partition. One that moved to another therapist after the
	 * gateway read where it was has its commands applied on the new therapist's partition only (where they queue behind
	 * its others), so here it is a rejection that says where it went; the request sent again goes there.
	 */
	private Booking requireOnThisPartition(Booking booking, BookingCommand command) {
		if (booking.therapistId().equals(command.therapistId())) {
			return booking;
		}
		if (bookings.lastMoveOf(booking.id()).isPresent()) {
			throw new CommandRejected(RejectionReason.BOOKING_MOVED, "Booking " + booking.id()
					+ " was moved to therapist " + booking.therapistId() + " while this request was on its way to therapist "
					+ command.therapistId() + "; nothing was changed. Send the request again: it goes to the booking's "
					+ "therapist now.");
		}
		throw notFound(command);
	}

	/**
	 * An item of a booking session is marked completed or no-show on its own (each item is a treatment of its own, and
	 * takes place or not), but only where its session's commands go: that partition alone writes the session's items.
	 */
	private Booking requireOnItsSessionsPartition(Booking item, BookingCommand command) {
		UUID writer = sessionPartitions.partitionKey(item.sessionId()).orElseThrow(() -> notFound(command));
		if (!writer.equals(command.therapistId())) {
			throw new CommandRejected(RejectionReason.PART_OF_SESSION, "Booking " + item.id() + " belongs to session "
					+ item.sessionId() + ": it is marked through its session, whose commands go to therapist " + writer
					+ ", not " + command.therapistId() + ".");
		}
		return item;
	}

	private static CommandRejected notFound(BookingCommand command) {
		return new CommandRejected(RejectionReason.BOOKING_NOT_FOUND,
				"No booking " + command.bookingId() + " with therapist " + command.therapistId() + ".");
	}

	private CommandResult placeHold(PlaceHold command) {
		claimer.requireRoomForHolds(command.customerId(), 1, command.requestedAt());
		return succeeded(command, claimer.place(command.bookingId(), command.customerId(), command.therapistId(),
				command.serviceId(), command.start(), command.requestedAt().plus(properties.holdTtl()), null, command));
	}

	private CommandResult succeeded(BookingCommand command, Booking booking) {
		return CommandResult.succeeded(command, booking.snapshot(settings.zone()), now());
	}

	/** The booking as it stands; for a hold that never was, the booking as requested (without a status). */
	private BookingSnapshot bookingAsRejected(BookingCommand command) {
		if (command instanceof PlaceHold hold) {
			return new BookingSnapshot(hold.bookingId(), hold.customerId(), hold.therapistId(), hold.serviceId(),
					hold.start(), null, null, null, null, null);
		}
		return bookings.find(command.bookingId())
			.map(booking -> booking.snapshot(settings.zone()))
			.orElseGet(() -> new BookingSnapshot(command.bookingId(), null, command.therapistId(), null, null, null,
					null, null, null, null));
	}

	private Instant now() {
		return clock.instant();
	}
}
