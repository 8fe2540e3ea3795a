package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.spa.booking.gateway.TestProperties;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Outcome;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ResultWaitListTests {

	private static final int CAPACITY = 10;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ResultWaitList waiters = new ResultWaitList(
			TestProperties.gateway(Map.of("booking.gateway.max-waiting-requests", CAPACITY)), meters);

	@Test
	void requestsRegisteringAllAtOnceNeverExceedTheCapacity() throws Exception {
		int threads = 64;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Optional<CompletableFuture<CommandResult>>>> registrations = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			registrations.add(pool.submit(() -> {
				start.await();
				return waiters.register(UUID.randomUUID());
			}));
		}
		start.countDown();
		long registered = 0;
		for (var registration : registrations) {
			registered += registration.get().isPresent() ? 1 : 0;
		}
		pool.shutdown();

		assertThat(registered).isEqualTo(CAPACITY);
		assertThat(meters.get("booking.requests.waiting").gauge().value()).isEqualTo(CAPACITY);
	}

	@Test
	void aPlaceIsFreedOnceItsResultArrivesOrItsRequestStopsWaiting() {
		List<UUID> requests = new ArrayList<>();
		List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
		for (int i = 0; i < CAPACITY; i++) {
			UUID request = UUID.randomUUID();
			futures.add(waiters.register(request).orElseThrow());
			requests.add(request);
		}
		assertThat(waiters.register(UUID.randomUUID())).isEmpty();

		waiters.complete(result(requests.get(0)));
		waiters.forget(requests.get(1));
		// forgetting after the result came, or twice, frees nothing more
		waiters.forget(requests.get(0));
		waiters.forget(requests.get(1));

		assertThat(futures.get(0)).isCompleted();
		assertThat(futures.get(1)).isNotDone();
		assertThat(waiters.register(UUID.randomUUID())).isPresent();
		assertThat(waiters.register(UUID.randomUUID())).isPresent();
		assertThat(waiters.register(UUID.randomUUID())).isEmpty();
		assertThat(meters.get("booking.requests.waiting").gauge().value()).isEqualTo(CAPACITY);
	}

	private static CommandResult result(UUID request) {
		return new CommandResult(request, "CancelBooking", Outcome.SUCCEEDED, null, (BookingSnapshot) null, null, null,
				Instant.now());
	}
}
