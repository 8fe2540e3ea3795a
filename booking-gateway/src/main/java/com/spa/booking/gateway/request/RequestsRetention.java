package com.spa.booking.gateway.request;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.spa.booking.support.ChunkedDeletes;
import com.spa.booking.gateway.GatewayProperties;

/**
 * Forgets requests after {@code booking.retention.requests} (30 days): their status can no longer be looked up, and
 * their Idempotency-Key can be used again.
 */
@Component
public class RequestsRetention {

	private static final Logger log = LoggerFactory.getLogger(RequestsRetention.class);

	private static final int BATCH = 10_000;

	private final Requests requests;

	private final GatewayProperties.Retention retention;

	private final Clock clock;

	RequestsRetention(Requests requests, GatewayProperties properties, Clock clock) {
		this.requests = requests;
		this.retention = properties.retention();
		this.clock = clock;
	}

	/** @return how many requests were forgotten */
	@Scheduled(fixedDelayString = "${booking.retention.sweep-interval:1h}", initialDelayString = "1m")
	public int prune() {
		Instant cutoff = clock.instant().minus(retention.requests());
		int deleted = ChunkedDeletes.repeatWhileFull(BATCH, () -> requests.pruneBefore(cutoff, BATCH));
		if (deleted > 0) {
			log.info("Forgot {} requests made before {}", deleted, cutoff);
		}
		return deleted;
	}
}
