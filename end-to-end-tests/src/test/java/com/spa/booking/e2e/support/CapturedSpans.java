package com.spa.booking.e2e.support;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The spans both applications of the test stack finish, kept in memory (the newest {@value #KEPT}) for tests that
 * follow a trace. The stack adds this configuration to both through {@code spring.main.sources}; Spring Boot hands
 * every {@link SpanExporter} bean to the OpenTelemetry SDK, as it would an OTLP exporter.
 */
@Configuration(proxyBeanMethods = false)
public class CapturedSpans {

	public static final int KEPT = 20_000;

	private static final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();

	public static List<SpanData> of(String traceId) {
		return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
	}

	public static List<SpanData> all() {
		return List.copyOf(spans);
	}

	@Bean
	public SpanExporter capturedSpanExporter() {
		return new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> finished) {
				spans.addAll(finished);
				while (spans.size() > KEPT) {
					spans.pollFirst();
				}
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}
		};
	}
}
