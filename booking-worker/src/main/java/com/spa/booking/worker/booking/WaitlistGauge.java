package com.spa.booking.worker.booking;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gauge {@code booking.waitlist.entries.waiting}: read from the table every
 * {@code booking.waitlist.gauge-interval} (30 s), not on every scrape, so that scrapes from several Prometheus servers
 * cost the database nothing.
 */
@Component
class WaitlistGauge {

	private static final Logger log = LoggerFactory.getLogger(WaitlistGauge.class);

	private final WaitlistEntries entries;

	private final AtomicLong waiting = new AtomicLong();

	WaitlistGauge(WaitlistEntries entries, MeterRegistry meters) {
		this.entries = entries;
		Gauge.builder("booking.waitlist.entries.waiting", waiting, AtomicLong::get)
			.description("Waitlist entries waiting for a time to free up, as last read")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${booking.waitlist.gauge-interval:30s}")
	void refresh() {
		try {
			waiting.set(entries.countWaiting());
		}
		catch (DataAccessException unavailable) {
			// the database's own health tells of an outage; the gauge keeps its last reading meanwhile
			log.debug("Could not count the waiting entries", unavailable);
		}
	}
}
