package com.spa.booking.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Outcome;

/**
 * What every fault test checks once the fault is over, from the database and from what a consumer of the topics
 * sees: no two active bookings of a therapist overlap; every accepted request has exactly one outcome (copies of a
 * result, if the relay published one twice, are identical and agree with the database); every booking's events are
 * complete; and a consumer that de-duplicates by event ID handles each state change exactly once.
 */
final class Reconciliation {

	record Summary(int requests, long bookings, int resultRecords, int eventRecords, int eventsHandled) {
	}

	private Reconciliation() {
	}

	static Summary verify(Pipeline pipeline, Collection<UUID> accepted) {
		JdbcClient jdbc = pipeline.jdbc();
		await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(pipeline.results().records().stream()
			.map(CommandResult::requestId).collect(Collectors.toSet())).as("requests with a result").containsAll(accepted));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single())
				.as("unpublished results and events").isZero());

		assertThat(jdbc.sql("""
				SELECT count(*) FROM bookings a JOIN bookings b
				    ON a.therapist_id = b.therapist_id AND a.id < b.id AND a.during && b.during
				 WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')""")
			.query(Long.class).single()).as("overlapping active bookings").isZero();

		Map<UUID, CommandResult> results = onePerKey(pipeline.results().records(), CommandResult::requestId, "result");
		Map<UUID, String> outcomes = new LinkedHashMap<>();
		jdbc.sql("SELECT request_id, outcome FROM processed_commands")
			.query((row, n) -> outcomes.put(row.getObject(1, UUID.class), row.getString(2)))
			.list();
		for (UUID request : accepted) {
			assertThat(outcomes.get(request)).as("outcome recorded for " + request)
				.isEqualTo(results.get(request).outcome().name());
		}
		assertThat(outcomes.keySet()).as("every recorded outcome was published").isEqualTo(results.keySet());

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEventsComplete(jdbc, results.values(),
				onePerKey(pipeline.events().records(), BookingEvent::eventId, "event")));
		// the same fact under two event IDs would defeat a consumer's de-duplication
		Map<UUID, BookingEvent> events = onePerKey(pipeline.events().records(), BookingEvent::eventId, "event");
		assertThat(events.values().stream().collect(Collectors.groupingBy(
				event -> List.of(event.requestId(), event.booking().bookingId(), event.type()), Collectors.counting())))
			.as("event IDs per state change").allSatisfy((change, ids) -> assertThat(ids).as(change.toString()).isOne());

		Set<UUID> handled = new HashSet<>();
		int handledCount = 0;
		List<BookingEvent> records = pipeline.events().records();
		for (BookingEvent event : records) {
			if (handled.add(event.eventId())) {
				handledCount++;
			}
		}
		long bookings = jdbc.sql("SELECT count(*) FROM bookings").query(Long.class).single();
		Summary summary = new Summary(accepted.size(), bookings, pipeline.results().records().size(), records.size(),
				handledCount);
		System.out.printf("[faults] reconciled: %d requests, %d bookings, %d result records, %d event records, "
				+ "%d events handled after de-duplication, 0 overlaps%n", summary.requests(), summary.bookings(),
				summary.resultRecords(), summary.eventRecords(), summary.eventsHandled());
		return summary;
	}

	/** Each booking's events, de-duplicated, begin with its hold and end in the state the database holds. */
	private static void assertEventsComplete(JdbcClient jdbc, Collection<CommandResult> results,
			Map<UUID, BookingEvent> events) {
		Map<UUID, List<BookingEvent>> byBooking = events.values().stream()
			.collect(Collectors.groupingBy(event -> event.booking().bookingId(), LinkedHashMap::new, Collectors.toList()));
		Map<UUID, String> statuses = new LinkedHashMap<>();
		jdbc.sql("SELECT id, status FROM bookings").query((row, n) -> statuses.put(row.getObject(1, UUID.class),
				row.getString(2))).list();
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
	private static <T> Map<UUID, T> onePerKey(List<T> records, java.util.function.Function<T, UUID> key, String what) {
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
