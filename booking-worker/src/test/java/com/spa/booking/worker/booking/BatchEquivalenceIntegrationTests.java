package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.BatchListenerFailedException;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ConfirmSession;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.ExpireSession;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.worker.failures.FailureClassifier;

/**
 * Batching changes how fast commands are applied, never what they come to. One seeded random command log (holds that
 * collide, confirms on time and late, cancels, sessions, reschedules, expiries, copies of earlier commands, records that
 * cannot be read, and commands that can never be applied) is applied twice, each time on a spa of its own: one
 * command per transaction, and fifty per transaction. The bookings, the results and the events come out the same.
 */
class BatchEquivalenceIntegrationTests extends WorkerIntegrationTestSupport {

	static final int COMMANDS = 400;

	/** Not a partition of the real consumers: this test's rows are published by this test alone. */
	static final int PARTITION = 900;

	static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	@Autowired
	CommandBatchApplier batches;

	@Autowired
	FailedCommandAnswerer failed;

	@Test
	void aSeededCommandLogComesToTheSameBookingsResultsAndEventsOneAtATimeAndInBatches() {
		long seed = Long.getLong("equivalence.seed", new Random().nextLong());
		System.out.println("[equivalence] seed " + seed + " (-Dequivalence.seed to replay)");
		Instant start = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
		Run oneAtATime = new Run("one", seed, start);
		Run batched = new Run("batched", seed, start);

		oneAtATime.apply(1);
		batched.apply(50);

		assertThat(batched.bookings()).as("bookings").containsExactlyElementsOf(oneAtATime.bookings());
		assertThat(batched.results()).as("results").containsExactlyElementsOf(oneAtATime.results());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(batched.events()).as("events")
			.containsExactlyElementsOf(oneAtATime.events()));
		System.out.printf("[equivalence] %d records: %d bookings, %d results, %d events alike%n", COMMANDS,
				batched.bookings().size(), batched.results().size(), batched.events().size());
	}

	/** The log on a spa of its own: the same log, the same spa, with IDs of the run's own. */
	final class Run {

		final String name;

		final Map<UUID, String> names = new LinkedHashMap<>();

		final List<ConsumerRecord<String, String>> records = new ArrayList<>();

		final List<UUID> requests = new ArrayList<>();

		Run(String name, long seed, Instant start) {
			this.name = name;
			spa();
			log(new Random(seed), start);
		}

		/**
		 * An ID of this run for what it stands for. Its first half comes from what it stands for, the same in both runs,
		 * so IDs sort alike in both (sessions order their items by ID, and by therapist ID); its second half is the run's.
		 */
		UUID id(String what) {
			UUID id = new UUID(UUID.nameUUIDFromBytes(what.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits(),
					UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getLeastSignificantBits());
			names.put(id, what);
			return id;
		}

		String roomType() {
			return "room-" + name;
		}

		private void spa() {
			String roomType = roomType();
			jdbc.sql("INSERT INTO rooms (id, name, room_type) VALUES (?, 'Room', ?)").params(id("room"), roomType).update();
			int[][] services = { { 30, 0 }, { 60, 15 }, { 90, 10 } };
			for (int s = 0; s < services.length; s++) {
				jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price, room_type) VALUES (?, 'S', ?, ?, 50, ?)")
					.params(id("service" + s), services[s][0], services[s][1], s == 2 ? roomType : null)
					.update();
			}
			for (int t = 0; t < 4; t++) {
				UUID therapist = id("therapist" + t);
				jdbc.sql("INSERT INTO therapists (id, name) VALUES (?, 'T')").param(therapist).update();
				for (int s = 0; s < services.length; s++) {
					jdbc.sql("INSERT INTO therapist_services VALUES (?, ?)").params(therapist, id("service" + s)).update();
				}
				jdbc.sql("INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at) SELECT ?, d, '00:00', '24:00' FROM generate_series(1, 7) d")
					.param(therapist)
					.update();
			}
			for (int c = 0; c < 6; c++) {
				jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'C', ?)").params(id("customer" + c),
						name + c + "@equivalence.example.com").update();
			}
		}

		/** Time moves five seconds a command, so holds (15 minutes) run out within the log. */
		private void log(Random random, Instant base) {
			Instant day = base.plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
			List<Object[]> bookings = new ArrayList<>();
			List<Object[]> sessions = new ArrayList<>();
			for (int i = 0; i < COMMANDS; i++) {
				Instant at = base.plusSeconds(5L * i);
				int therapist = random.nextInt(4);
				Instant start = day.plus(8, ChronoUnit.HOURS).plus(15L * random.nextInt(24), ChronoUnit.MINUTES);
				int kind = random.nextInt(100);
				BookingCommand command;
				if (kind < 35 || bookings.isEmpty()) {
					UUID booking = id("booking" + i);
					bookings.add(new Object[] { booking, therapist, at });
					command = new PlaceHold(id("request" + i), at, booking, id("customer" + random.nextInt(6)),
							id("therapist" + therapist), id("service" + random.nextInt(3)), start);
				}
				else if (kind < 55) {
					Object[] booking = bookings.get(random.nextInt(bookings.size()));
					command = new ConfirmBooking(id("request" + i), at, (UUID) booking[0], id("therapist" + booking[1]));
				}
				else if (kind < 62) {
					Object[] booking = bookings.get(random.nextInt(bookings.size()));
					command = new CancelBooking(id("request" + i), at, (UUID) booking[0], id("therapist" + booking[1]));
				}
				else if (kind < 67) {
					Object[] booking = bookings.get(random.nextInt(bookings.size()));
					command = new RescheduleBooking(id("request" + i), at, (UUID) booking[0], id("therapist" + booking[1]),
							id("therapist" + booking[1]), start.plus(4, ChronoUnit.HOURS));
				}
				else if (kind < 72) {
					Object[] booking = bookings.get(random.nextInt(bookings.size()));
					// asked for once the hold and its grace ran out, as the timer would
					Instant expiry = ((Instant) booking[2]).plus(properties.holdTtl()).plus(settings.holdGrace());
					command = new ExpireHold(id("request" + i), expiry.isAfter(at) ? expiry : at, (UUID) booking[0],
							id("therapist" + booking[1]));
				}
				else if (kind < 80) {
					UUID session = id("session" + i);
					int other = (therapist + 1 + random.nextInt(3)) % 4;
					sessions.add(new Object[] { session, therapist, at });
					command = new HoldSession(id("request" + i), at, session, id("customer" + random.nextInt(6)),
							id("therapist" + therapist),
							List.of(new SessionItem(id("item" + i + "a"), id("therapist" + therapist), id("service0"), start),
									new SessionItem(id("item" + i + "b"), id("therapist" + other), id("service1"), start)));
				}
				else if (kind < 88 && !sessions.isEmpty()) {
					Object[] session = sessions.get(random.nextInt(sessions.size()));
					UUID key = id("therapist" + session[1]);
					int what = random.nextInt(3);
					Instant expiry = ((Instant) session[2]).plus(properties.holdTtl()).plus(settings.holdGrace());
					command = what == 0 ? new ConfirmSession(id("request" + i), at, (UUID) session[0], key)
							: what == 1 ? new CancelSession(id("request" + i), at, (UUID) session[0], key)
									: new ExpireSession(id("request" + i), expiry.isAfter(at) ? expiry : at, (UUID) session[0], key);
				}
				else if (kind < 94 && !requests.isEmpty()) {
					// a copy of an earlier command: answered from the record
					ConsumerRecord<String, String> original = records.get(random.nextInt(records.size()));
					records.add(record(UUID.fromString(original.key()), original.value()));
					continue;
				}
				else if (kind < 97) {
					records.add(record(id("therapist" + therapist), "{\"type\":\"PlaceHold\",\"requestId\":\""
							+ id("request" + i) + "\",\"start\":\"not a time\"}"));
					requests.add(id("request" + i));
					continue;
				}
				else {
					// a time the database cannot store: it can never be applied
					Instant far = Instant.parse("+300000-01-01T00:00:00Z");
					command = new PlaceHold(id("request" + i), far, id("booking" + i), id("customer0"),
							id("therapist" + therapist), id("service0"), far.plusSeconds(3600));
				}
				records.add(record(id("therapist" + therapist), Messages.toJson(command)));
				requests.add(command.requestId());
			}
		}

		private ConsumerRecord<String, String> record(UUID key, String value) {
			return new ConsumerRecord<>("equivalence-" + name, PARTITION, records.size(), key.toString(), value);
		}

		/** As the container would: a batch at a time; what can never be applied answered FAILED and passed over. */
		void apply(int batchSize) {
			int next = 0;
			while (next < records.size()) {
				List<ConsumerRecord<String, String>> batch = records.subList(next, Math.min(records.size(), next + batchSize));
				try {
					batches.apply(batch);
					next += batch.size();
				}
				catch (BatchListenerFailedException failure) {
					assertThat(FailureClassifier.isDeterministic(failure)).as(failure.toString()).isTrue();
					ConsumerRecord<?, ?> failedRecord = failure.getRecord();
					failed.answer((String) failedRecord.value(), failure);
					next = (int) failedRecord.offset() + 1;
				}
			}
		}

		List<String> bookings() {
			return jdbc.sql("""
					SELECT id, customer_id, therapist_id, service_id, starts_at, ends_at, status, hold_expires_at, room_id,
					       session_id, version
					  FROM bookings WHERE id = ANY(?) ORDER BY id""")
				.param(names.keySet().toArray(UUID[]::new))
				.query((rs, n) -> {
					StringBuilder row = new StringBuilder();
					for (int column = 1; column <= 11; column++) {
						row.append(rs.getString(column)).append('|');
					}
					return normalized(row.toString());
				})
				.list()
				.stream()
				.sorted()
				.toList();
		}

		List<String> results() {
			return requests.stream().distinct().map(request -> jdbc.sql("SELECT result::text FROM processed_commands WHERE request_id = ?")
				.param(request)
				.query(String.class)
				.optional()
				.map(Messages::result)
				.map(result -> normalized(new CommandResult(result.requestId(), result.commandType(), result.outcome(),
						result.bookingId(), result.booking(), result.rejection(), result.session(), Instant.EPOCH).toString()))
				.orElse("none for " + names.get(request)))
				.toList();
		}

		/** Each booking's events in order, without event IDs and times. */
		List<String> events() {
			Map<UUID, List<String>> byBooking = new java.util.TreeMap<>();
			java.util.Set<UUID> seen = new java.util.HashSet<>();
			for (BookingEvent event : WorkerIntegrationTestSupport.events.records()) {
				if (names.containsKey(event.booking().bookingId()) && seen.add(event.eventId())) {
					byBooking.computeIfAbsent(event.booking().bookingId(), booking -> new ArrayList<>())
						.add(normalized(event.type() + " " + event.requestId() + " " + event.booking()));
				}
			}
			List<String> events = new ArrayList<>();
			byBooking.forEach((booking, list) -> events.add(names.get(booking) + ": " + list));
			return events.stream().sorted().toList();
		}

		/** The run's IDs replaced by what they stand for. */
		String normalized(String text) {
			Matcher ids = ID.matcher(text);
			StringBuilder out = new StringBuilder();
			while (ids.find()) {
				ids.appendReplacement(out, names.getOrDefault(UUID.fromString(ids.group()), ids.group()));
			}
			return ids.appendTail(out).toString().replace(roomType(), "the room type");
		}
	}
}
