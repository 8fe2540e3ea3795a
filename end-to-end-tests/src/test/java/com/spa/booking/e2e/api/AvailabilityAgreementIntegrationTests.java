package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * Random spas (therapists with random hours and skills, services of random lengths, buffers and room types, a few
 * rooms) and random sequences of holds, one at a time: every start availability reports is held at once, every start
 * it leaves out is rejected, and afterwards no therapist, room or customer is double-booked. Seeded per repetition, so
 * a failing repetition reproduces; {@code -Dagreement.holds=N} for longer sequences.
 */
class AvailabilityAgreementIntegrationTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static Api api;

	static Fixtures fixtures;

	static JdbcClient jdbc;

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		fixtures = Fixtures.of(stack);
		jdbc = stack.worker().getBean(JdbcClient.class);
	}

	@RepeatedTest(4)
	void availabilityAndTheWorkerAlwaysAgreeAndNothingIsDoubleBooked(RepetitionInfo repetition) {
		Random random = new Random(1000 + repetition.getCurrentRepetition());
		// a day of its own per run, far enough ahead that nothing else books it; sometimes a daylight-saving day
		LocalDate day = LocalDate.of(2060 + random.nextInt(30), 1, 1).plusDays(random.nextInt(365));
		String roomType = "room-" + UUID.randomUUID();
		List<UUID> services = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			services.add(fixtures.service(15 * (1 + random.nextInt(6)), 5 * random.nextInt(4),
					random.nextBoolean() ? roomType : null));
		}
		for (int i = random.nextInt(3); i >= 0; i--) {
			fixtures.room(roomType);
		}
		List<UUID> therapists = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			therapists.add(therapist(random, day.getDayOfWeek(), services));
		}
		List<UUID> customers = List.of(api.newCustomer(), api.newCustomer(), api.newCustomer());

		int holds = Integer.getInteger("agreement.holds", 25);
		int held = 0;
		for (int i = 0; i < holds; i++) {
			UUID therapist = therapists.get(random.nextInt(therapists.size()));
			UUID service = services.get(random.nextInt(services.size()));
			UUID customer = customers.get(random.nextInt(customers.size()));
			// mostly on the grid, now and then five minutes off it
			OffsetDateTime start = day.atStartOfDay(BERLIN).plusMinutes(15L * (28 + random.nextInt(44)))
				.plusMinutes(random.nextInt(10) == 0 ? 5 : 0).toOffsetDateTime();

			boolean reported = reportedFree(service, day, therapist, customer).contains(start.toInstant());
			Api.Response hold = api.post("/api/v1/bookings", holdJson(customer, therapist, service, start),
					"Prefer", "wait=10");

			String why = "hold %d at %s, reported free: %s, answer: %s".formatted(i, start, reported, hold.raw().body());
			if (reported) {
				assertThat(hold.status()).as(why).isEqualTo(201);
			}
			else {
				assertThat(hold.status()).as(why).isIn(409, 422);
			}
			if (hold.status() == 201) {
				held++;
				// confirmed at once, so that the limit on running holds is not what decides
				assertThat(api.post("/api/v1/bookings/" + hold.text("bookingId") + "/confirm", null, "Prefer", "wait=10")
					.status()).isEqualTo(200);
			}
		}

		// both answers were put to the test
		assertThat(held).isBetween(1, holds - 1);
		assertThat(overlaps("a.therapist_id = b.therapist_id AND a.during && b.during", therapists)).isZero();
		assertThat(overlaps("a.room_id = b.room_id AND a.during && b.during", therapists)).isZero();
		assertThat(overlaps("a.customer_id = b.customer_id AND coalesce(a.session_id, a.id) <> coalesce(b.session_id, b.id)"
				+ " AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)", therapists)).isZero();
	}

	private static UUID therapist(Random random, DayOfWeek day, List<UUID> services) {
		UUID[] skills = services.stream().filter(service -> random.nextInt(3) > 0).toArray(UUID[]::new);
		Api.Response therapist = api.post("/api/v1/admin/therapists", "{\"name\":\"T\",\"serviceIds\":["
				+ String.join(",", java.util.Arrays.stream(skills).map(id -> "\"" + id + "\"").toList()) + "]}");
		int from = 7 + random.nextInt(3);
		int breakAt = from + 2 + random.nextInt(3);
		String intervals = "{\"day\":\"" + day + "\",\"start\":\"%02d:00\",\"end\":\"%02d:30\"},".formatted(from, breakAt)
				+ "{\"day\":\"" + day + "\",\"start\":\"%02d:00\",\"end\":\"%02d:45\"}".formatted(breakAt + 1, breakAt + 5);
		assertThat(api.put("/api/v1/admin/therapists/" + therapist.text("therapistId") + "/working-hours",
				"{\"intervals\":[" + intervals + "]}").status()).isEqualTo(200);
		return therapist.uuid("therapistId");
	}

	private static List<java.time.Instant> reportedFree(UUID service, LocalDate day, UUID therapist, UUID customer) {
		Api.Response response = api.get("/api/v1/availability?serviceId=" + service + "&date=" + day + "&therapistId="
				+ therapist + "&customerId=" + customer);
		assertThat(response.status()).isEqualTo(200);
		return response.body().path("therapists").findValues("starts").stream()
			.flatMap(starts -> starts.valueStream())
			.map(start -> OffsetDateTime.parse(start.asString()).toInstant())
			.toList();
	}

	/** Pairs of active bookings of these therapists that meet the condition on {@code a} and {@code b}. */
	private static long overlaps(String condition, List<UUID> therapists) {
		return jdbc.sql("SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id AND " + condition
				+ " WHERE a.status IN ('HELD', 'CONFIRMED') AND b.status IN ('HELD', 'CONFIRMED')"
				+ " AND (a.therapist_id = ANY(?) OR b.therapist_id = ANY(?))")
			.params(therapists.toArray(UUID[]::new), therapists.toArray(UUID[]::new))
			.query(Long.class)
			.single();
	}
}
