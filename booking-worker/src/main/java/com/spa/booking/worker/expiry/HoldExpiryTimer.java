package com.spa.booking.worker.expiry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.Messages;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.booking.Bookings;

/**
 * Finds holds that ran out and asks for their expiry as a command on the therapist's own partition. The expiry is
 * then ordered with that therapist's other commands: a confirm racing the expiry has one outcome, decided by the log,
 * not by which thread wins.
 *
 * <p>The request ID is derived from the booking ID, so several sweeps (or several worker instances) asking for the same
 * expiry are one request to the worker's idempotency check.
 */
@Component
class HoldExpiryTimer {

	private static final int SWEEP_LIMIT = 1000;

	/** Not asked again for this long while the first request is still on its way. */
	private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(1);

	private final Bookings bookings;

	private final KafkaTemplate<String, String> kafka;

	private final String commandsTopic;

	private final Clock clock;

	private final Map<UUID, Instant> asked = new ConcurrentHashMap<>();

	private final Counter sweeps;

	/** How long after its expiry a hold was found by a sweep. */
	private final Timer lag;

	HoldExpiryTimer(Bookings bookings, KafkaTemplate<String, String> kafka, WorkerProperties properties, Clock clock,
			MeterRegistry meters) {
		this.sweeps = meters.counter("booking.expiry.sweeps");
		this.lag = meters.timer("booking.expiry.lag");
		this.bookings = bookings;
		this.kafka = kafka;
		this.commandsTopic = properties.topics().commands();
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${booking.expiry-sweep-interval:5s}")
	void requestExpiryOfRunOutHolds() {
		Instant now = clock.instant();
		sweeps.increment();
		asked.values().removeIf(at -> at.isBefore(now.minus(ASK_AGAIN_AFTER)));
		CompletableFuture<?>[] sends = bookings.runOutHolds(now, SWEEP_LIMIT)
			.stream()
			.filter(hold -> asked.putIfAbsent(hold.bookingId(), now) == null)
			.peek(hold -> lag.record(Duration.between(hold.expiredAt(), now)))
			.map(hold -> new ExpireHold(expiryRequestId(hold.bookingId()), now, hold.bookingId(), hold.therapistId()))
			.map(expire -> kafka.send(commandsTopic, expire.partitionKey(), Messages.toJson(expire))
				.whenComplete((sent, failure) -> {
					if (failure != null) {
						asked.remove(expire.bookingId());
					}
				}))
			.toArray(CompletableFuture[]::new);
		CompletableFuture.allOf(sends).join();
	}

	static UUID expiryRequestId(UUID bookingId) {
		return UUID.nameUUIDFromBytes(("ExpireHold:" + bookingId).getBytes(StandardCharsets.UTF_8));
	}
}
