package com.spa.booking.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Outcome;

import com.spa.booking.e2e.support.Pipeline;

/**
 * What every fault test checks once the fault is over, from the database and from what a consumer of the topics
 * sees: every accepted request has exactly one outcome (copies of a result, if one was published twice, are identical
 * and agree with the database); every outcome and every event stems from a command the database recorded; every
 * booking's events are complete; no state change is announced under two event IDs, so that a consumer which
 * de-duplicates by event ID handles each exactly once; and no two active bookings of a therapist overlap.
 */
final class Reconciliation {

	private Reconciliation() {
	}

	static void verify(Pipeline pipeline, Collection<UUID> accepted) {
		JdbcClient jdbc = pipeline.jdbc();
		await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(pipeline.results().records().stream()
			.map(CommandResult::requestId).collect(Collectors.toSet())).as("requests with a result").containsAll(accepted));

		Map<UUID, String> outcomes = new LinkedHashMap<>();
		jdbc.sql("SELECT request_id, outcome FROM processed_commands")
			.query((row, n) -> outcomes.put(row.getObject(1, UUID.class), row.getString(2)))
			.list();
		// published once committed, but perhaps not read yet
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(onePerKey(pipeline.results().records(),
				CommandResult::requestId, "result").keySet()).as("every recorded outcome published, and only those")
			.isEqualTo(outcomes.keySet()));
		Map<UUID, CommandResult> results = onePerKey(pipeline.results().records(), CommandResult::requestId, "result");
		for (UUID request : accepted) {
			assertThat(results.get(request).outcome().name()).as("outcome of " + request).isEqualTo(outcomes.get(request));
		}

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEventsComplete(jdbc, results.values(),
				outcomes.keySet(), onePerKey(pipeline.events().records(), BookingEvent::eventId, "event")));
		List<BookingEvent> records = pipeline.events().records();
		Map<UUID, BookingEvent> events = onePerKey(records, BookingEvent::eventId, "event");
		// the same fact under two event IDs would defeat a consumer's de-duplication
		assertThat(events.values().stream().collect(Collectors.groupingBy(
				event -> List.of(event.requestId(), event.booking().bookingId(), event.type()), Collectors.counting())))
			.as("event IDs per state change").allSatisfy((change, ids) -> assertThat(ids).as(change.toString()).isOne());

		// the exclusion constraint makes this impossible to store; checked all the same, as the audit does
		assertThat(jdbc.sql("""
				SELECT count(*) FROM bookings a JOIN bookings b
				    ON a.therapist_id = b.therapist_id AND a.id < b.id AND a.during && b.during
				 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')""")
			.query(Long.class).single()).as("overlapping active bookings").isZero();

		long bookings = jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single();
		System.out.printf("[faults] reconciled: %d accepted requests, %d outcomes, %d bookings; %d result records, "
				+ "%d event records for %d events (%d copies de-duplicated); 0 overlaps%n", accepted.size(),
				outcomes.size(), bookings, pipeline.results().records().size(), records.size(), events.size(),
				records.size() - events.size());
	}

	/**
	 * Each booking's events, de-duplicated, begin with its hold and end in the state the database holds; every event
	 * stems from a recorded command and (but for rejections) names a booking that exists; every successful command has
	 * its event, every rejected one its {@code BookingRejected}.
	 */
	private static void assertEventsComplete(JdbcClient jdbc, Collection<CommandResult> results,
			Collection<UUID> recorded, Map<UUID, BookingEvent> events) {
		Map<UUID, String> statuses = new LinkedHashMap<>();
		jdbc.sql("SELECT id, status FROM bookings").query((row, n) -> statuses.put(row.getObject(1, UUID.class),
				row.getString(2))).list();
		assertThat(events.values()).allSatisfy(event -> {
			assertThat(recorded).as("command of " + event.type() + " " + event.eventId()).contains(event.requestId());
			if (!(event instanceof BookingRejected)) {
				assertThat(statuses).as("booking of " + event.type() + " " + event.eventId())
					.containsKey(event.booking().bookingId());
			}
		});
		Map<UUID, List<BookingEvent>> byBooking = events.values().stream()
			.filter(event -> !(event instanceof BookingRejected))
			.collect(Collectors.groupingBy(event -> event.booking().bookingId(), LinkedHashMap::new, Collectors.toList()));
		statuses.forEach((booking, status) -> {
			List<BookingEvent> seen = byBooking.getOrDefault(booking, List.of());
			assertThat(seen).as("events of booking " + booking).isNotEmpty();
			assertThat(seen.get(0)).as("first event of " + booking).isInstanceOf(BookingHeld.class);
			assertThat(seen.get(seen.size() - 1).booking().status().name()).as("last event of " + booking)
				.isEqualTo(status);
		});
		for (CommandResult result : results) {
			if (result.outcome() == Outcome.SUCCEEDED && result.bookingId() != null) {
				assertThat(byBooking.getOrDefault(result.bookingId(), List.of()))
					.as("event of " + result.commandType() + " " + result.requestId())
					.anyMatch(event -> event.requestId().equals(result.requestId()));
			}
			if (result.outcome() == Outcome.REJECTED && !"ExpireHold".equals(result.commandType())
					&& result.session() == null) {
				assertThat(events.values())
					.as("rejection announced for " + result.requestId())
					.filteredOn(event -> event instanceof BookingRejected && event.requestId().equals(result.requestId()))
					.hasSize(1);
			}
		}
	}

	/** Copies under one key must be the very same message. */
	private static <T> Map<UUID, T> onePerKey(List<T> records, Function<T, UUID> key, String what) {
		Map<UUID, T> first = new LinkedHashMap<>();
		for (T record : records) {
			T earlier = first.putIfAbsent(key.apply(record), record);
			if (earlier != null) {
				assertThat(record).as("copies of " + what + " " + key.apply(record)).isEqualTo(earlier);
			}
		}
		return first;
	}
}
