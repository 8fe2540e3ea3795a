package com.spa.booking.gateway.live;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.Messages;

/**
 * The open streams of {@code GET /api/v1/booking-events} and what is sent down them: each booking event as it is on
 * {@code booking.events} (its {@code type} in the JSON, its {@code eventId} as the SSE id), and a comment now and then.
 * <p>
 * Writing to a browser blocks while its connection is full, so nothing is written on the thread that hands an event
 * over (the Kafka listener's, the scheduler's): each stream queues its events and a small pool writes them, one stream
 * at a time per thread. A page that falls {@value #MAX_PENDING} events behind is cut off; it reconnects and reads its
 * day again.
 */
@Component
class LiveEventBroadcaster implements SmartLifecycle {

	/** A stream is closed after about this long (less, with its token's expiry); the page opens the next one at once. */
	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

	/** How soon a page that lost its stream tries again (SSE {@code retry}). */
	private static final long RECONNECT_MILLIS = 2000;

	static final int MAX_PENDING = 256;

	private final Map<SseEmitter, Stream> streams = new ConcurrentHashMap<>();

	private final GatewayProperties.Live settings;

	private volatile ExecutorService writers;

	private volatile boolean running;

	LiveEventBroadcaster(GatewayProperties properties) {
		this.settings = properties.live();
	}

	/**
	 * A new stream for a caller, which gets every event from now on and ends before the caller's token does; 503 beyond
	 * {@code booking.live.max-streams} in all or {@code booking.live.max-streams-per-caller} of one caller.
	 */
	SseEmitter open(String caller, Instant tokenExpires) {
		if (!running) {
			throw Problems.tooManyStreams(0);
		}
		long ofCaller = streams.values().stream().filter(stream -> stream.caller.equals(caller)).count();
		if (streams.size() >= settings.maxStreams() || ofCaller >= settings.maxStreamsPerCaller()) {
			throw Problems.tooManyStreams(ofCaller >= settings.maxStreamsPerCaller() ? settings.maxStreamsPerCaller()
					: settings.maxStreams());
		}
		// spread out, so that the front desks that opened together do not all come back at the same moment
		Duration lifetime = STREAM_LIFETIME.minusSeconds(ThreadLocalRandom.current().nextLong(300));
		if (tokenExpires != null) {
			Duration tokenLeft = Duration.between(Instant.now(), tokenExpires);
			lifetime = tokenLeft.compareTo(lifetime) < 0 ? tokenLeft : lifetime;
		}
		SseEmitter emitter = new SseEmitter(Math.max(1, lifetime.toMillis()));
		Stream stream = new Stream(emitter, caller);
		emitter.onCompletion(() -> streams.remove(emitter));
		emitter.onTimeout(emitter::complete);
		emitter.onError(failure -> streams.remove(emitter));
		streams.put(emitter, stream);
		stream.offer(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("booking events from now on"));
		if (!running) {
			// stopped while this one was opened: it must not keep the shutdown waiting
			emitter.complete();
		}
		return emitter;
	}

	/**
	 * Hands a booking event to every open stream, as it came; one of a type this gateway does not know (a newer
	 * worker's) is left out, as any consumer of the contract skips it.
	 */
	void publish(String json) {
		if (streams.isEmpty()) {
			return; // nobody listening: not worth reading the event
		}
		Messages.event(json).ifPresent(event -> {
			// JSON needs no line breaks, and an SSE data line must have none
			String data = json.replace("\r", "").replace("\n", "");
			streams.values().forEach(stream -> stream.offer(SseEmitter.event().id(event.eventId().toString()).data(data)));
		});
	}

	/** A comment line on every stream, so that proxies keep them open and a page that went away is noticed. */
	@Scheduled(fixedDelayString = "${booking.live.heartbeat:20s}")
	void heartbeat() {
		streams.values().forEach(stream -> stream.offer(SseEmitter.event().comment("still here")));
	}

	@Override
	public void start() {
		AtomicInteger threads = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.writerThreads(), settings.writerThreads(), 30,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
					Thread thread = new Thread(task, "live-events-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		writers = pool;
		running = true;
	}

	/** Before the web server's graceful shutdown, which would otherwise wait for every open stream to end. */
	@Override
	public void stop() {
		running = false;
		streams.keySet().forEach(SseEmitter::complete);
		streams.clear();
		writers.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	/** One open stream: its events wait in a queue of their own and are written by the pool, in order. */
	private final class Stream {

		private final SseEmitter emitter;

		private final String caller;

		private final BlockingQueue<SseEventBuilder> pending = new ArrayBlockingQueue<>(MAX_PENDING);

		private final AtomicBoolean writing = new AtomicBoolean();

		Stream(SseEmitter emitter, String caller) {
			this.emitter = emitter;
			this.caller = caller;
		}

		void offer(SseEventBuilder event) {
			if (!pending.offer(event)) {
				streams.remove(emitter);
				emitter.complete();
				return;
			}
			writeSoon();
		}

		private void writeSoon() {
			if (!pending.isEmpty() && writing.compareAndSet(false, true)) {
				try {
					writers.execute(this::write);
				}
				catch (java.util.concurrent.RejectedExecutionException stopping) {
					writing.set(false);
				}
			}
		}

		private void write() {
			try {
				for (SseEventBuilder event = pending.poll(); event != null; event = pending.poll()) {
					emitter.send(event);
				}
			}
			catch (IOException | IllegalStateException gone) {
				// the page went away or its stream ended; the container finishes the request
				streams.remove(emitter);
				pending.clear();
				return;
			}
			finally {
				writing.set(false);
			}
			writeSoon(); // what was offered while the last one was being written
		}
	}
}
