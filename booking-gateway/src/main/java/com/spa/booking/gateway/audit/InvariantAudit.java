package com.spa.booking.gateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Looks for what must never be: overlapping active bookings (of a therapist, a room, a customer outside a session), holds
 * still HELD well after their expiry, waitlist offers whose hold is not held, and accepted requests that never got a
 * result. In a healthy system every count
 * is zero. Each count is a gauge, {@code booking.audit.findings{kind}}, and a non-zero one is logged as a warning
 * starting "Invariant audit failed", for an alert to watch.
 */
@Component
class InvariantAudit {

	private static final Logger log = LoggerFactory.getLogger(InvariantAudit.class);

	enum Kind {
		THERAPIST_OVERLAP("""
				SELECT count(*) FROM booking_overview a JOIN booking_overview b ON a.id < b.id
				   AND a.therapist_id = b.therapist_id AND a.busy && b.busy
				 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')"""),
		ROOM_OVERLAP("""
				SELECT count(*) FROM booking_overview a JOIN booking_overview b ON a.id < b.id
				   AND a.room_id = b.room_id AND a.busy && b.busy
				 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')"""),
		CUSTOMER_OVERLAP("""
				SELECT count(*) FROM booking_overview a JOIN booking_overview b ON a.id < b.id
				   AND a.customer_id = b.customer_id AND coalesce(a.session_id, a.id) <> coalesce(b.session_id, b.id)
				   AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
				 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')"""),
		STALE_HOLD("SELECT count(*) FROM booking_overview WHERE status = 'HELD' AND hold_expires_at < :staleBefore"),
		// an offer is its hold: the hold's confirmation, cancellation or expiry moves the entry on in the same transaction
		WAITLIST_OFFER_WITHOUT_HOLD("""
				SELECT count(*) FROM waitlist_overview w LEFT JOIN booking_overview b ON b.id = w.offered_booking_id
				 WHERE w.status = 'OFFERED' AND (b.id IS NULL OR b.status <> 'HELD')"""),
		UNANSWERED_REQUEST("""
				SELECT count(*) FROM gateway.requests r
				 WHERE r.created_at < :unansweredBefore AND r.publish_failed_at IS NULL
				   AND NOT EXISTS (SELECT 1 FROM command_outcomes p WHERE p.request_id = r.request_id)""");

		private final String sql;

		Kind(String sql) {
			this.sql = sql;
		}
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration staleHoldGrace;

	private final Duration unansweredAfter;

	private final Map<Kind, AtomicLong> lastFindings = new EnumMap<>(Kind.class);

	InvariantAudit(JdbcClient jdbc, Clock clock, MeterRegistry meters,
			@Value("${booking.audit.stale-hold-grace:2m}") Duration staleHoldGrace,
			@Value("${booking.audit.unanswered-after:5m}") Duration unansweredAfter) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.staleHoldGrace = staleHoldGrace;
		this.unansweredAfter = unansweredAfter;
		for (Kind kind : Kind.values()) {
			AtomicLong count = new AtomicLong();
			lastFindings.put(kind, count);
			Gauge.builder("booking.audit.findings", count, AtomicLong::get).tag("kind", kind.name()).register(meters);
		}
	}

	/** Runs every {@code booking.audit.interval} (one minute), and on demand. */
	@Scheduled(fixedDelayString = "${booking.audit.interval:1m}", initialDelayString = "${booking.audit.interval:1m}")
	Map<Kind, Long> run() {
		Instant now = clock.instant();
		Map<Kind, Long> findings = new LinkedHashMap<>();
		for (Kind kind : Kind.values()) {
			var query = jdbc.sql(kind.sql);
			if (kind.sql.contains(":staleBefore")) {
				query = query.param("staleBefore", now.minus(staleHoldGrace).atOffset(ZoneOffset.UTC));
			}
			if (kind.sql.contains(":unansweredBefore")) {
				query = query.param("unansweredBefore", now.minus(unansweredAfter).atOffset(ZoneOffset.UTC));
			}
			long count = query.query(Long.class).single();
			findings.put(kind, count);
			lastFindings.get(kind).set(count);
		}
		if (findings.values().stream().anyMatch(count -> count > 0)) {
			log.warn("Invariant audit failed: {}", findings);
		}
		return findings;
	}
}
