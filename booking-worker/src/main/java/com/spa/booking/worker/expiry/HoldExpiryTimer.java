package com.spa.booking.worker.expiry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.ExpireSession;
import com.spa.booking.schemas.Messages;
import com.spa.booking.support.SharedSettings;
import com.spa.booking.worker.booking.Bookings;
import com.spa.booking.worker.booking.Bookings.RunOutHold;

/**
 * Finds holds that ran out, and whose grace ran out too, and asks for their expiry as a command on the partition that
 * writes them: {@code ExpireHold} on the therapist's for a booking on its own, {@code ExpireSession} on the session's for
 * a session's items. The expiry is then ordered with that partition's other commands: a confirm racing the expiry has one
 * outcome, decided by the log, not by which thread wins.
 *
 * <p>The request ID is derived from the booking (or session) ID, so several sweeps (or several worker instances) asking
 * for the same expiry are one request to the worker's idempotency check. An ask that comes too early (the hold's grace
 * not over yet) is answered {@code HOLD_STILL_VALID} but not recorded, so the next ask is decided afresh. Each sweep
 * pages through every run-out hold, so holds whose partition is stuck cannot keep the others from being found; a hold
 * already asked for is asked again only after {@link #ASK_AGAIN_AFTER}.
 *
 * <p>Public, with its sweep, for the tests that sweep with a clock of their own.
 */
@Component
public class HoldExpiryTimer {

	private static final int PAGE = 1000;

	/** Not asked again for this long while the first request is still on its way. */
	private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(1);

	private final Bookings bookings;

	private final KafkaTemplate<String, String> kafka;

	private final String commandsTopic;

	private final Duration grace;

	private final Clock clock;

	/** Bookings and sessions asked for, and when. */
	private final Map<UUID, Instant> asked = new ConcurrentHashMap<>();

	private final Counter sweeps;

	/** How long after its expiry a hold was found by a sweep (its grace included). */
	private final Timer lag;

	public HoldExpiryTimer(Bookings bookings, KafkaTemplate<String, String> kafka, SharedSettings settings, Clock clock,
			MeterRegistry meters) {
		this.sweeps = meters.counter("booking.expiry.sweeps");
		this.lag = meters.timer("booking.expiry.lag");
		this.bookings = bookings;
		this.kafka = kafka;
		this.commandsTopic = settings.topics().commands();
		this.grace = settings.holdGrace();
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${booking.expiry-sweep-interval:5s}")
	public void requestExpiryOfRunOutHolds() {
		// as the database stores it: a finer instant is rounded by the driver, up as well, and the query could then find a
		// hold that the command, carrying the unrounded instant, finds still valid
		Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
		sweeps.increment();
		asked.values().removeIf(at -> at.isBefore(now.minus(ASK_AGAIN_AFTER)));
		List<CompletableFuture<?>> sends = new ArrayList<>();
		List<RunOutHold> page;
		RunOutHold last = null;
		do {
			page = bookings.runOutHolds(now.minus(grace), last, PAGE);
			for (RunOutHold hold : page) {
				askForExpiry(hold, now).ifPresent(sends::add);
			}
			last = page.isEmpty() ? null : page.get(page.size() - 1);
		}
		while (page.size() == PAGE);
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	private Optional<CompletableFuture<?>> askForExpiry(RunOutHold hold, Instant now) {
		boolean inSession = hold.sessionId() != null;
		UUID subject = inSession ? hold.sessionId() : hold.bookingId();
		if (asked.putIfAbsent(subject, now) != null) {
			return Optional.empty();
		}
		lag.record(Duration.between(hold.expiredAt(), now));
		BookingCommand expire = inSession
				? new ExpireSession(expiryRequestId("ExpireSession", subject), now, subject, hold.sessionPartitionKey())
				: new ExpireHold(expiryRequestId("ExpireHold", subject), now, subject, hold.therapistId());
		return Optional.of(kafka.send(commandsTopic, expire.partitionKey(), Messages.toJson(expire))
			.whenComplete((sent, failure) -> {
				if (failure != null) {
					asked.remove(subject);
				}
			}));
	}

	public static UUID expiryRequestId(String command, UUID subject) {
		return UUID.nameUUIDFromBytes((command + ":" + subject).getBytes(StandardCharsets.UTF_8));
	}
}
