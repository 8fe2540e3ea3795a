package com.spa.booking.gateway.request;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.springframework.stereotype.Component;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.schemas.CommandResult;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests waiting for their result ({@code Prefer: wait}), at most a configured number at a time so that slow
 * results cannot exhaust memory. No thread waits: each waiter is a future that the result listener completes. How
 * many are waiting is the gauge {@code booking.requests.waiting}.
 */
@Component
class ResultWaitList {

	private final Map<UUID, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

	/** One permit per waiter: a size check before adding would let concurrent requests overshoot the bound. */
	private final Semaphore places;

	ResultWaitList(GatewayProperties properties, MeterRegistry meters) {
		this.places = new Semaphore(properties.gateway().maxWaitingRequests());
		Gauge.builder("booking.requests.waiting", waiting, Map::size).register(meters);
	}

	/** @return empty when too many requests are waiting already: answer at once instead */
	Optional<CompletableFuture<CommandResult>> register(UUID requestId) {
		if (!places.tryAcquire()) {
			return Optional.empty();
		}
		CompletableFuture<CommandResult> waiter = new CompletableFuture<>();
		CompletableFuture<CommandResult> earlier = waiting.putIfAbsent(requestId, waiter);
		if (earlier != null) {
			// the same request asked again while it still waits: both wait on one future, in one place
			places.release();
			return Optional.of(earlier);
		}
		return Optional.of(waiter);
	}

	void complete(CommandResult result) {
		CompletableFuture<CommandResult> waiter = waiting.remove(result.requestId());
		if (waiter != null) {
			places.release();
			waiter.complete(result);
		}
	}

	void forget(UUID requestId) {
		if (waiting.remove(requestId) != null) {
			places.release();
		}
	}
}
