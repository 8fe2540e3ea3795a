package com.spa.booking.worker.booking;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.spa.booking.support.ChunkedDeletes;
import com.spa.booking.worker.WorkerProperties;

/**
 * Keeps the idempotency records for {@code booking.retention.processed-commands} (30 days).
 */
@Component
class ProcessedCommandsRetention {

	private static final Logger log = LoggerFactory.getLogger(ProcessedCommandsRetention.class);

	private static final int CHUNK = 10_000;

	private final ProcessedCommands processed;

	private final WorkerProperties.Retention retention;

	private final Clock clock;

	ProcessedCommandsRetention(ProcessedCommands processed, WorkerProperties properties, Clock clock) {
		this.processed = processed;
		this.retention = properties.retention();
		this.clock = clock;
	}

	/** @return how many records were deleted */
	@Scheduled(fixedDelayString = "${booking.retention.sweep-interval:1h}", initialDelayString = "1m")
	int prune() {
		Instant cutoff = clock.instant().minus(retention.processedCommands());
		int deleted = ChunkedDeletes.repeatWhileFull(CHUNK, () -> processed.pruneBefore(cutoff, CHUNK));
		if (deleted > 0) {
			log.info("Deleted {} idempotency records processed before {}", deleted, cutoff);
		}
		return deleted;
	}
}
