package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.TestProperties;
import com.spa.booking.gateway.availability.AlternativeFinder;
import com.spa.booking.schemas.BookingSnapshot;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The results come in batches; each wakes up its waiter and frees its command's place, one that cannot be read is
 * skipped, and only the results of sampled traces are read as spans.
 */
class ResultListenerTests {

	static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	static final String NOT_SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final GatewayProperties properties = TestProperties.gateway(Map.of());

	final ResultWaitList waiters = new ResultWaitList(properties, meters);

	final InFlightLimit inFlight = new InFlightLimit(properties, Clock.systemUTC(), meters);

	final Tracer tracer = mock(Tracer.class);

	final Propagator propagator = mock(Propagator.class);

	final CommandSubmitter submitter = new CommandSubmitter(mock(Requests.class), mock(RequestRecorder.class),
			mock(CommandPublisher.class), waiters, mock(AlternativeFinder.class), inFlight, Runnable::run, meters,
			ObservationRegistry.NOOP);

	final ResultListener listener = new ResultListener(submitter, tracer, propagator);

	@Test
	void eachResultOfABatchWakesUpItsWaiterAndFreesItsPlaceAndOneThatCannotBeReadIsSkipped() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		CompletableFuture<CommandResult> firstWaiter = waiters.register(first).orElseThrow();
		CompletableFuture<CommandResult> secondWaiter = waiters.register(second).orElseThrow();
		inFlight.take(first);
		inFlight.take(second);

		listener.on(List.of(record(result(first), null), record("{not a result", null), record(result(second), null)));

		assertThat(firstWaiter.join().requestId()).isEqualTo(first);
		assertThat(secondWaiter.join().requestId()).isEqualTo(second);
		assertThat(meters.get("booking.requests.in.flight").gauge().value()).isZero();
		assertThat(meters.get("booking.requests.waiting").gauge().value()).isZero();
	}

	@Test
	void theResultsOfTracesNotSampledAreReadWithoutASpan() {
		listener.on(List.of(record(result(UUID.randomUUID()), null), record(result(UUID.randomUUID()), NOT_SAMPLED)));

		verifyNoInteractions(tracer, propagator);
	}

	@Test
	void theResultOfASampledTraceIsReadAsASpanInThatTrace() {
		Span.Builder builder = mock(Span.Builder.class, RETURNS_SELF);
		Span span = mock(Span.class);
		given(propagator.extract(any(ConsumerRecord.class), any())).willReturn(builder);
		given(builder.start()).willReturn(span);
		given(tracer.withSpan(span)).willReturn(mock(Tracer.SpanInScope.class));
		UUID request = UUID.randomUUID();
		CompletableFuture<CommandResult> waiter = waiters.register(request).orElseThrow();

		listener.on(List.of(record(result(request), SAMPLED)));

		verify(builder).kind(Span.Kind.CONSUMER);
		verify(builder).tag("booking.request.id", request.toString());
		verify(span).end();
		assertThat(waiter).isCompleted();
	}

	@Test
	void onlyAWellFormedTraceContextWithTheSampledFlagCountsAsSampled() {
		assertThat(ResultListener.sampled(record("{}", SAMPLED))).isTrue();
		assertThat(ResultListener.sampled(record("{}", SAMPLED.substring(0, 53) + "03"))).isTrue();
		assertThat(ResultListener.sampled(record("{}", NOT_SAMPLED))).isFalse();
		assertThat(ResultListener.sampled(record("{}", SAMPLED.substring(0, 53) + "02"))).isFalse();
		assertThat(ResultListener.sampled(record("{}", "01"))).isFalse();
		assertThat(ResultListener.sampled(record("{}", null))).isFalse();
	}

	private static String result(UUID request) {
		return Messages.toJson(new CommandResult(request, "CancelBooking", Outcome.SUCCEEDED, null, (BookingSnapshot) null,
				null, null, Instant.now()));
	}

	private static ConsumerRecord<String, String> record(String value, String traceparent) {
		ConsumerRecord<String, String> record = new ConsumerRecord<>("booking.results", 0, 0L, "key", value);
		if (traceparent != null) {
			record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}
}
