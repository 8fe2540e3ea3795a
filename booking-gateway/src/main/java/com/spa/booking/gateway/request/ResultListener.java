package com.spa.booking.gateway.request;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;

/**
 * Every gateway instance reads every result (a consumer group of its own, from the latest offset), because the
 * request waiting for a result may be on any of them. A result missed here is not lost: the outcome is in the
 * database and {@code GET /api/v1/requests/{id}} reads it there.
 *
 * <p>Results come a poll's worth at a time, and each is only handed over ({@link CommandSubmitter#answered}): the
 * answer is put together by whoever waits. Reading a result is a span of the request's trace (a consumer span, child
 * of the worker's that wrote it) only if that trace is sampled; no observation is made per record otherwise, so the
 * results of the traces not sampled cost nothing here.
 */
@Component
class ResultListener {

	static final String ID = "booking-gateway-results";

	private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

	/** W3C trace context: {@code version-traceId-parentId-flags}; flag 01 is "sampled". */
	private static final String TRACEPARENT = "traceparent";

	private final CommandSubmitter submitter;

	private final Tracer tracer;

	private final Propagator propagator;

	ResultListener(CommandSubmitter submitter, Tracer tracer, Propagator propagator) {
		this.submitter = submitter;
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@KafkaListener(id = ID, topics = "${booking.topics.results:" + Topics.RESULTS + "}", groupId = "booking-gateway-${random.uuid}",
			properties = "auto.offset.reset=latest", batch = "true", containerPostProcessor = "resultsReadAsTheyCome")
	void on(List<ConsumerRecord<String, String>> records) {
		for (ConsumerRecord<String, String> record : records) {
			CommandResult result;
			try {
				result = Messages.result(record.value());
			}
			catch (RuntimeException unreadable) {
				// results only wake up waiting requests: one that cannot be read is skipped, not retried
				log.warn("Skipped a result that cannot be read ({}-{}@{}): {}", record.topic(), record.partition(),
						record.offset(), unreadable.getMessage());
				continue;
			}
			Span span = sampled(record) ? read(record, result) : null;
			if (span == null) {
				submitter.answered(result);
				continue;
			}
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				submitter.answered(result);
			}
			finally {
				span.end();
			}
		}
	}

	/** The read of a result in the trace that the worker's context in its headers names. */
	private Span read(ConsumerRecord<String, String> record, CommandResult result) {
		return propagator.extract(record, (carrier, key) -> {
			Header header = carrier.headers().lastHeader(key);
			return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
		})
			.name(record.topic() + " receive")
			.kind(Span.Kind.CONSUMER)
			.remoteServiceName("kafka")
			.tag("booking.request.id", result.requestId().toString())
			.start();
	}

	/** Whether the record carries a sampled W3C trace context, told from its header alone. */
	static boolean sampled(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(TRACEPARENT);
		byte[] value = header == null ? null : header.value();
		// 00-<32 hex trace ID>-<16 hex span ID>-<2 hex flags>; "sampled" is the lowest bit of the flags
		if (value == null || value.length < 55 || value[52] != '-') {
			return false;
		}
		int flags = Character.digit(value[54], 16);
		return flags >= 0 && (flags & 1) == 1;
	}

	/**
	 * The listener observation, if {@code spring.kafka.listener.observation-enabled} turns it on, would observe every
	 * result, sampled or not: the spans are made above instead, for the sampled ones only. No offsets are committed:
	 * every gateway reads from the latest result in a group of its own, so they would only cost the broker a write per
	 * poll ({@code MANUAL}, and nothing is ever acknowledged).
	 */
	@Bean
	static ContainerPostProcessor<String, String, AbstractMessageListenerContainer<String, String>> resultsReadAsTheyCome() {
		return container -> {
			container.getContainerProperties().setObservationEnabled(false);
			container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
		};
	}
}
