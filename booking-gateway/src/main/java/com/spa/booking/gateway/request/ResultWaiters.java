package com.spa.booking.gateway.request;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import com.spa.booking.gateway.GatewayProperties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.spa.booking.schemas.CommandResult;

/**
 * Requests waiting for their result ({@code Prefer: wait}), at most a configured number at a time so that slow
 * results cannot exhaust memory. No thread waits: each waiter is a future that the result listener completes. How
 * many are waiting is the gauge {@code booking.requests.waiting}.
 */
@Component
class ResultWaiters {

	private final Map<UUID, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

	private final int capacity;

	ResultWaiters(GatewayProperties properties, MeterRegistry meters) {
		this.capacity = properties.gateway().maxWaitingRequests();
		Gauge.builder("booking.requests.waiting", waiting, Map::size).register(meters);
	}

	/** @return empty when too many requests are waiting already: answer at once instead */
	Optional<CompletableFuture<CommandResult>> register(UUID requestId) {
		if (waiting.size() >= capacity) {
			return Optional.empty();
		}
		return Optional.of(waiting.computeIfAbsent(requestId, id -> new CompletableFuture<>()));
	}

	void complete(CommandResult result) {
		CompletableFuture<CommandResult> waiter = waiting.remove(result.requestId());
		if (waiter != null) {
			waiter.complete(result);
		}
	}

	void forget(UUID requestId) {
		waiting.remove(requestId);
	}

}
