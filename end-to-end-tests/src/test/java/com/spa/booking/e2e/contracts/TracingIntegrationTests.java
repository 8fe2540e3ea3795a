package com.spa.booking.e2e.contracts;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.Topics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.CapturedSpans;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * One hold is one trace: the gateway's HTTP span, its send of the command, the worker applying it, and the gateway
 * reading the result, linked parent to child through the W3C trace context in the Kafka headers; the events carry the
 * worker's context on to their consumers.
 */
class TracingIntegrationTests {

	static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

	static Api api;

	static TopicRecorder<ConsumerRecord<String, String>> events;

	static UUID service;

	static UUID therapist;

	final Instant start = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
		.plus((long) (Math.random() * 50_000) * 4, ChronoUnit.HOURS);

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		events = TopicRecorder.records(stack.kafkaBootstrapServers(), Topics.EVENTS);
		service = Fixtures.of(stack).service(60, 0);
		therapist = Fixtures.of(stack).therapistAroundTheClock(service);
	}

	@AfterAll
	static void stopRecording() {
		events.close();
	}

	@Test
	void aHoldIsOneTraceFromTheGatewayThroughTheWorkerAndBack() {
		Api.Response held = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, start),
				"Prefer", "wait=10");
		assertThat(held.status()).isEqualTo(201);
		UUID booking = held.uuid("bookingId");

		// the worker's span of this hold names its booking; its trace is the one to follow
		SpanData applied = await().atMost(Duration.ofSeconds(30))
			.until(() -> spanNaming(booking), Optional::isPresent)
			.orElseThrow();
		String trace = applied.getTraceId();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<SpanData> spans = CapturedSpans.of(trace);
			SpanData http = single(spans, "booking-gateway", SpanKind.SERVER);
			SpanData sent = single(spans, "booking-gateway", SpanKind.PRODUCER);
			SpanData resultRead = single(spans, "booking-gateway", SpanKind.CONSUMER);

			assertThat(ancestors(sent, spans)).as("the command is sent within the HTTP request").contains(http.getSpanId());
			assertThat(service(applied)).isEqualTo("booking-worker");
			assertThat(applied.getName()).isEqualTo("apply PlaceHold");
			assertThat(applied.getParentSpanId()).as("the worker continues the gateway's send").isEqualTo(sent.getSpanId());
			assertThat(resultRead.getParentSpanId()).as("the result continues the worker's span")
				.isEqualTo(applied.getSpanId());
		});
		await().untilAsserted(() -> assertThat(events.records())
			.filteredOn(record -> record.key().equals(booking.toString()))
			.singleElement()
			.satisfies(event -> assertThat(traceparent(event)).startsWith("00-" + trace + "-" + applied.getSpanId())));
	}

	/** The span IDs above a span in its trace, nearest first. */
	private static List<String> ancestors(SpanData span, List<SpanData> trace) {
		List<String> ancestors = new java.util.ArrayList<>();
		String parent = span.getParentSpanId();
		while (parent != null && !ancestors.contains(parent)) {
			ancestors.add(parent);
			String child = parent;
			parent = trace.stream().filter(each -> each.getSpanId().equals(child)).findFirst()
				.map(SpanData::getParentSpanId).orElse(null);
		}
		return ancestors;
	}

	private static Optional<SpanData> spanNaming(UUID booking) {
		return CapturedSpans.all().stream()
			.filter(span -> booking.toString().equals(span.getAttributes().get(AttributeKey.stringKey("booking.id"))))
			.findFirst();
	}

	private static SpanData single(List<SpanData> spans, String service, SpanKind kind) {
		List<SpanData> found = spans.stream().filter(span -> service.equals(service(span)) && span.getKind() == kind)
			.toList();
		assertThat(found).as(service + " " + kind + " spans of the trace, among " + spans).hasSize(1);
		return found.get(0);
	}

	private static String service(SpanData span) {
		return span.getResource().getAttribute(SERVICE);
	}

	private static String traceparent(ConsumerRecord<String, String> record) {
		var header = record.headers().lastHeader("traceparent");
		return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
	}
}
