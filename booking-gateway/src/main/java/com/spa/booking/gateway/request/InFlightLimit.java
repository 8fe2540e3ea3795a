package com.spa.booking.gateway.request;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Load shedding. Commands this gateway published and that have no answer yet are on their way; at most
 * {@code booking.gateway.max-in-flight} of them at a time. A request beyond that is turned away at once, before it
 * costs the database or the broker anything, with 503 and Retry-After: under five times the load the system can
 * carry, those it takes are answered as fast as ever, instead of everyone waiting in a queue that only grows. Gauge
 * {@code booking.requests.in.flight}, counter {@code booking.requests.shed}.
 */
@Component
public class InFlightLimit {

	private final Map<UUID, Instant> onTheirWay = new ConcurrentHashMap<>();

	private final Semaphore places;

	private final GatewayProperties.RequestLimits settings;

	private final Clock clock;

	private final Counter shed;

	InFlightLimit(GatewayProperties properties, Clock clock, MeterRegistry meters) {
		this.settings = properties.gateway();
		this.places = new Semaphore(settings.maxInFlight());
		this.clock = clock;
		this.shed = meters.counter("booking.requests.shed");
		Gauge.builder("booking.requests.in.flight", onTheirWay, Map::size).register(meters);
	}

	/**
	 * Turns a request away before its body is even read, if there is no place left: under overload the requests that
	 * cannot be served must cost as little as possible.
	 *
	 * @throws org.springframework.web.ErrorResponseException 503 with Retry-After if there is no place left
	 */
	public void requireRoom() {
		if (places.availablePermits() == 0) {
			shed.increment();
			throw Problems.overloaded(settings.maxInFlight());
		}
	}

	/**
	 * Takes a place for the command, unless it has one already (a retry of a request still on its way).
	 *
	 * @throws org.springframework.web.ErrorResponseException 503 with Retry-After if there is none left
	 */
	void take(UUID requestId) {
		if (onTheirWay.containsKey(requestId)) {
			return;
		}
		if (!places.tryAcquire()) {
			shed.increment();
			throw Problems.overloaded(settings.maxInFlight());
		}
		if (onTheirWay.putIfAbsent(requestId, clock.instant()) != null) {
			places.release();
		}
	}

	/** The command has its answer, or was never published. */
	void done(UUID requestId) {
		if (onTheirWay.remove(requestId) != null) {
			places.release();
		}
	}

	/** An answer this gateway missed (it restarted, or the answer was lost) must not hold a place for ever. */
	@Scheduled(fixedDelay = 10_000)
	void forgetTheLongGone() {
		Instant cutoff = clock.instant().minus(settings.inFlightTimeout());
		onTheirWay.forEach((requestId, since) -> {
			if (since.isBefore(cutoff)) {
				done(requestId);
			}
		});
	}
}
