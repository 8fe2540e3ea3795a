package com.spa.booking.gateway.live;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.Messages;

/**
 * The open streams of {@code GET /api/v1/booking-events} and what is sent down them: each booking event as it is on
 * {@code booking.events} (its {@code type} in the JSON, its {@code eventId} as the SSE id), and a comment now and then
 * on an idle stream. A stream that cannot be written to is dropped; its page reconnects.
 */
@Component
class LiveBookingEvents implements SmartLifecycle {

	/** A stream is closed after this long; the page's EventSource opens the next one at once. */
	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

	/** How soon a page that lost its stream tries again (SSE {@code retry}). */
	private static final long RECONNECT_MILLIS = 2000;

	private final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();

	private final GatewayProperties.Live settings;

	private volatile boolean running;

	LiveBookingEvents(GatewayProperties properties) {
		this.settings = properties.live();
	}

	/** A new stream, which gets every event from now on; 503 beyond {@code booking.live.max-streams}. */
	SseEmitter open() {
		if (!running || streams.size() >= settings.maxStreams()) {
			throw Problems.tooManyStreams(settings.maxStreams());
		}
		SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
		stream.onCompletion(() -> streams.remove(stream));
		stream.onTimeout(stream::complete);
		stream.onError(failure -> streams.remove(stream));
		streams.add(stream);
		send(stream, SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("booking events from now on"));
		return stream;
	}

	/**
	 * Sends a booking event to every open stream, as it came; one of a type this gateway does not know (a newer
	 * worker's) is left out, as any consumer of the contract skips it.
	 */
	void publish(String json) {
		Messages.event(json).ifPresent(event -> {
			// JSON needs no line breaks, and an SSE data line must have none
			String data = json.replace("\r", "").replace("\n", "");
			for (SseEmitter stream : streams) {
				send(stream, SseEmitter.event().id(event.eventId().toString()).data(data));
			}
		});
	}

	@Scheduled(fixedDelayString = "${booking.live.heartbeat:20s}")
	void heartbeat() {
		for (SseEmitter stream : streams) {
			send(stream, SseEmitter.event().comment("still here"));
		}
	}

	int openStreams() {
		return streams.size();
	}

	private void send(SseEmitter stream, SseEmitter.SseEventBuilder event) {
		try {
			stream.send(event);
		}
		catch (IOException | IllegalStateException gone) {
			// the page went away (or its stream timed out): it reconnects if it is still there
			streams.remove(stream);
			stream.completeWithError(gone);
		}
	}

	@Override
	public void start() {
		running = true;
	}

	/** Before the web server's graceful shutdown, which would otherwise wait for every open stream to end. */
	@Override
	public void stop() {
		running = false;
		streams.forEach(SseEmitter::complete);
		streams.clear();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}
}
