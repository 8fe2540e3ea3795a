package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;

/** The spa's rules for a hold, applied by the worker against the real database. */
class CalendarRuleCheckerIntegrationTests extends WorkerIntegrationTestSupport {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	/** Next week, so always in the future, at a local time of day. */
	static Instant nextWeekAt(int hour, int minute) {
		return LocalDate.now(BERLIN).plusDays(7).atTime(hour, minute).atZone(BERLIN).toInstant();
	}

	@Test
	void aTherapistCannotBeBookedForAServiceTheyDoNotPerform() {
		givenTherapistAndCustomer();
		UUID facial = service(30, 0, null);

		assertThat(reasonOf(hold(customer, therapist, facial, tomorrow))).isEqualTo(RejectionReason.NOT_QUALIFIED);
	}

	@Test
	void aStartOffTheFifteenMinuteGridIsRejected() {
		givenTherapistAndCustomer();

		assertThat(reasonOf(hold(tomorrow.plus(Duration.ofMinutes(10)), Instant.now())))
			.isEqualTo(RejectionReason.NOT_ON_SLOT_GRID);
		assertThat(outcomeOf(hold(tomorrow.plus(Duration.ofMinutes(15)), Instant.now()))).isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void aStartFurtherAheadOfTheRequestThanTheHorizonIsRejectedAndOneJustInsideItIsHeld() {
		givenTherapistAndCustomer();
		Instant requested = Instant.now();
		Instant lastStart = requested.plus(settings.horizon()).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

		assertThat(reasonOf(hold(lastStart.plus(Duration.ofHours(1)), requested))).isEqualTo(RejectionReason.BEYOND_HORIZON);
		assertThat(outcomeOf(hold(lastStart, requested))).isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void theTreatmentAndItsBufferMustFitInsideOneWorkingInterval() {
		UUID therapist = UUID.randomUUID();
		jdbc.sql("INSERT INTO therapists (id, name) VALUES (?, 'Part-timer')").param(therapist).update();
		jdbc.sql("INSERT INTO therapist_services VALUES (?, ?)").params(therapist, SERVICE_60_MIN).update();
		jdbc.sql("""
				INSERT INTO working_hours (therapist_id, day_of_week, starts_at, ends_at)
				SELECT ?, d, s::time, e::time FROM generate_series(1, 7) d,
				       (VALUES ('09:00', '12:00'), ('13:00', '17:00')) AS h (s, e)""").param(therapist).update();
		givenCustomer();

		// 60 minutes + 15 of cleanup: 10:45 to 12:00 fits, 11:00 to 12:15 runs into the break
		assertThat(outcomeOf(hold(customer, therapist, SERVICE_60_MIN, nextWeekAt(10, 45)))).isEqualTo(Outcome.SUCCEEDED);
		assertThat(reasonOf(hold(customer, therapist, SERVICE_60_MIN, nextWeekAt(11, 0))))
			.isEqualTo(RejectionReason.OUTSIDE_WORKING_HOURS);
		assertThat(reasonOf(hold(customer, therapist, SERVICE_60_MIN, nextWeekAt(8, 45))))
			.isEqualTo(RejectionReason.OUTSIDE_WORKING_HOURS);
		assertThat(outcomeOf(hold(customer, therapist, SERVICE_60_MIN, nextWeekAt(13, 0)))).isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void timeOffAndClosuresAreRejectedAndAClosureSaysSo() {
		givenTherapistAndCustomer();
		Instant day = tomorrow.plus(Duration.ofDays(20));
		timeOff(therapist, day, day.plus(Duration.ofHours(2)));
		timeOff(null, day.plus(Duration.ofHours(2)), day.plus(Duration.ofHours(4)));

		assertThat(reasonOf(hold(day, Instant.now()))).isEqualTo(RejectionReason.THERAPIST_TIME_OFF);
		// touches both: the closure is what the customer needs to hear
		assertThat(reasonOf(hold(day.plus(Duration.ofMinutes(105)), Instant.now()))).isEqualTo(RejectionReason.SPA_CLOSED);
		assertThat(outcomeOf(hold(day.plus(Duration.ofHours(4)), Instant.now()))).isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void aCustomerCannotBeInTwoTreatmentsAtOnceButTheBufferIsNotTheirs() {
		givenTherapistAndCustomer();
		UUID other = UUID.randomUUID();
		givenTherapist(other);
		assertThat(outcomeOf(hold(customer, therapist, SERVICE_60_MIN, tomorrow))).isEqualTo(Outcome.SUCCEEDED);

		assertThat(reasonOf(hold(customer, other, SERVICE_60_MIN, tomorrow.plus(Duration.ofMinutes(30)))))
			.isEqualTo(RejectionReason.CUSTOMER_OVERLAP);
		assertThat(outcomeOf(hold(customer, other, SERVICE_60_MIN, tomorrow.plus(Duration.ofMinutes(60)))))
			.isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void aServiceThatNeedsARoomGetsOneAndIsRejectedWhenNoneIsFree() {
		String type = "sauna-" + UUID.randomUUID();
		UUID sauna = service(60, 15, type);
		UUID room = room(type);
		UUID first = therapistFor(sauna);
		UUID second = therapistFor(sauna);
		givenCustomer();

		PlaceHold held = hold(customer, first, sauna, tomorrow);
		assertThat(resultOf(send(held)).booking().roomId()).isEqualTo(room);
		// the room needs its cleanup too: 60 + 15 minutes
		assertThat(reasonOf(hold(newCustomer(), second, sauna, tomorrow.plus(Duration.ofMinutes(60)))))
			.isEqualTo(RejectionReason.NO_ROOM);
		assertThat(outcomeOf(hold(newCustomer(), second, sauna, tomorrow.plus(Duration.ofMinutes(75)))))
			.isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void twoTherapistsOnDifferentPartitionsRacingForTheLastRoomOneWinsOneGetsNoRoom() {
		for (int round = 0; round < 10; round++) {
			String type = "couples-suite-" + UUID.randomUUID();
			UUID suite = service(60, 0, type);
			room(type);
			UUID first = therapistFor(suite);
			UUID second = therapistOnAnotherPartitionThan(first, suite);
			Instant start = tomorrow.plus(Duration.ofHours(round));

			PlaceHold one = hold(newCustomer(), first, suite, start);
			PlaceHold two = hold(newCustomer(), second, suite, start);
			kafka.send(settings.topics().commands(), one.partitionKey(), com.spa.booking.schemas.Messages.toJson(one));
			kafka.send(settings.topics().commands(), two.partitionKey(), com.spa.booking.schemas.Messages.toJson(two));
			kafka.flush();

			List<CommandResult> outcomes = List.of(resultOf(one), resultOf(two));
			assertThat(outcomes).extracting(CommandResult::outcome)
				.containsExactlyInAnyOrder(Outcome.SUCCEEDED, Outcome.REJECTED);
			assertThat(outcomes).filteredOn(result -> result.outcome() == Outcome.REJECTED)
				.singleElement()
				.satisfies(rejected -> assertThat(rejected.rejection().reason()).isEqualTo(RejectionReason.NO_ROOM));
		}
	}

	@Test
	void onTheSpringForwardNightAnHourFromHalfPastOneEndsAtHalfPastThree() {
		givenTherapistAndCustomer();
		Instant start = halfPastOneOnTheNightOf(nextTransition(true));

		CommandResult held = resultOf(send(hold(start, Instant.now())));

		assertThat(held.outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(Duration.between(held.booking().start(), held.booking().end())).isEqualTo(Duration.ofMinutes(60));
		assertThat(held.booking().end().atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
	}

	@Test
	void onTheFallBackNightAnHourFromHalfPastOneEndsAtHalfPastTwoTheFirstTime() {
		givenTherapistAndCustomer();
		ZoneOffsetTransition fallBack = nextTransition(false);
		Instant start = halfPastOneOnTheNightOf(fallBack);

		CommandResult held = resultOf(send(hold(start, Instant.now())));

		assertThat(held.outcome()).isEqualTo(Outcome.SUCCEEDED);
		ZonedDateTime end = held.booking().end().atZone(BERLIN);
		assertThat(end.toLocalTime()).isEqualTo(LocalTime.of(2, 30));
		assertThat(end.getOffset()).isEqualTo(fallBack.getOffsetBefore());
		// the second 02:30 of the night is another start, and free
		Instant secondHalfPastTwo = end.withLaterOffsetAtOverlap().toInstant();
		assertThat(outcomeOf(hold(secondHalfPastTwo.plus(Duration.ofMinutes(15)), Instant.now()))).isEqualTo(Outcome.SUCCEEDED);
	}

	private static ZoneOffsetTransition nextTransition(boolean springForward) {
		ZoneOffsetTransition transition = BERLIN.getRules().nextTransition(Instant.now());
		while (transition.isGap() != springForward) {
			transition = BERLIN.getRules().nextTransition(transition.getInstant());
		}
		return transition;
	}

	private static Instant halfPastOneOnTheNightOf(ZoneOffsetTransition transition) {
		return transition.getDateTimeBefore().toLocalDate().atTime(1, 30).atZone(BERLIN).toInstant();
	}

	private PlaceHold hold(UUID customer, UUID therapist, UUID service, Instant start) {
		return new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist, service, start);
	}

	private Outcome outcomeOf(PlaceHold hold) {
		return resultOf(send(hold)).outcome();
	}

	private RejectionReason reasonOf(PlaceHold hold) {
		CommandResult result = resultOf(send(hold));
		assertThat(result.outcome()).as(result.toString()).isEqualTo(Outcome.REJECTED);
		return result.rejection().reason();
	}

	private UUID service(int minutes, int buffer, String roomType) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price, room_type) VALUES (?, 'S', ?, ?, 10, ?)")
			.params(id, minutes, buffer, roomType)
			.update();
		return id;
	}

	private UUID room(String type) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO rooms (id, name, room_type) VALUES (?, 'Room', ?)").params(id, type).update();
		return id;
	}

	private UUID therapistFor(UUID service) {
		UUID id = UUID.randomUUID();
		givenTherapist(id);
		jdbc.sql("INSERT INTO therapist_services VALUES (?, ?)").params(id, service).update();
		return id;
	}

	private UUID therapistOnAnotherPartitionThan(UUID other, UUID service) {
		UUID id;
		do {
			id = UUID.randomUUID();
		}
		while (partitionOf(id) == partitionOf(other));
		givenTherapist(id);
		jdbc.sql("INSERT INTO therapist_services VALUES (?, ?)").params(id, service).update();
		return id;
	}

	/** What Kafka's default partitioner does with a key. */
	private int partitionOf(UUID therapist) {
		return Utils.toPositive(Utils.murmur2(therapist.toString().getBytes(StandardCharsets.UTF_8)))
				% settings.topics().partitions();
	}

	private void timeOff(UUID therapist, Instant from, Instant until) {
		jdbc.sql("INSERT INTO time_off (id, therapist_id, during) VALUES (?, ?, tstzrange(?, ?))")
			.params(UUID.randomUUID(), therapist, at(from), at(until))
			.update();
	}

	private UUID newCustomer() {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'C', ?)").params(id, id + "@example.com").update();
		return id;
	}
}
