package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

import com.spa.booking.gateway.TestProperties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InFlightLimitTests {

	static final int PLACES = 20;

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final MutableClock clock = new MutableClock();

	final InFlightLimit inFlight = new InFlightLimit(
			TestProperties.gateway(Map.of("booking.gateway.max-in-flight", PLACES)), clock, meters);

	@Test
	void twoHundredConcurrentRequestsGetAtMostTheirPlacesAndTheRestAreShedWithRetryAfter() throws Exception {
		AtomicInteger shed = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> requests = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				requests.add(threads.submit(() -> {
					try {
						inFlight.take(UUID.randomUUID());
					}
					catch (ErrorResponseException overloaded) {
						assertThat(overloaded.getStatusCode().value()).isEqualTo(503);
						assertThat(overloaded.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
						assertThat(overloaded.getBody().getType()).hasToString("urn:spa-booking:problem:overloaded");
						shed.incrementAndGet();
					}
				}));
			}
			for (Future<?> request : requests) {
				request.get();
			}
		}
		finally {
			threads.shutdown();
		}

		assertThat(shed.get()).isEqualTo(200 - PLACES);
		assertThat(meters.get("booking.requests.in.flight").gauge().value()).isEqualTo(PLACES);
		assertThat(meters.get("booking.requests.shed").counter().count()).isEqualTo(200 - PLACES);
	}

	@Test
	void anAnsweredCommandGivesItsPlaceBackAndARetryOfOneOnItsWayTakesNoSecond() {
		List<UUID> onTheirWay = new ArrayList<>();
		for (int i = 0; i < PLACES; i++) {
			UUID request = UUID.randomUUID();
			inFlight.take(request);
			onTheirWay.add(request);
		}
		inFlight.take(onTheirWay.get(0));
		assertThatThrownBy(() -> inFlight.take(UUID.randomUUID())).isInstanceOf(ErrorResponseException.class);

		inFlight.done(onTheirWay.get(0));
		inFlight.done(onTheirWay.get(0));

		inFlight.take(UUID.randomUUID());
		assertThatThrownBy(() -> inFlight.take(UUID.randomUUID())).isInstanceOf(ErrorResponseException.class);
	}

	@Test
	void aCommandWhoseAnswerNeverCameStopsHoldingItsPlaceAfterTheTimeout() {
		for (int i = 0; i < PLACES; i++) {
			inFlight.take(UUID.randomUUID());
		}
		clock.advance(Duration.ofSeconds(61));

		inFlight.forgetTheLongGone();

		assertThat(meters.get("booking.requests.in.flight").gauge().value()).isZero();
		inFlight.take(UUID.randomUUID());
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2030-01-01T10:00:00Z");

		void advance(Duration by) {
			now = now.plus(by);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	}
}
