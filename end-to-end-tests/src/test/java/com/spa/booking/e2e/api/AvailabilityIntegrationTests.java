package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/** Availability agrees with the worker, across daylight-saving changes; rejections come with alternatives that work. */
class AvailabilityIntegrationTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static Api api;

	static Fixtures fixtures;

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		fixtures = Fixtures.of(stack);
	}

	@Test
	void aStartReportedFreeIsBookedAtOnceAndStartsNotReportedAreRejected() {
		LocalDate day = LocalDate.now(BERLIN).plusWeeks(5).with(DayOfWeek.WEDNESDAY);
		String roomType = "hammam-" + UUID.randomUUID();
		UUID service = fixtures.service(60, 15, roomType);
		fixtures.room(roomType);
		UUID therapist = therapistWorking(service, day.getDayOfWeek(), "09:00", "12:00", "13:00", "17:00");

		List<OffsetDateTime> free = starts(service, day, therapist);
		// 09:00..10:45 before the break, 13:00..15:45 after it
		assertThat(free).hasSize(8 + 12);
		assertThat(free).extracting(OffsetDateTime::toLocalTime).doesNotContain(LocalTime.of(11, 0), LocalTime.of(12, 0));

		for (OffsetDateTime start : List.of(free.get(0), free.get(9), free.get(free.size() - 1))) {
			assertThat(hold(therapist, service, start).status()).isEqualTo(201);
		}
		List<OffsetDateTime> after = starts(service, day, therapist);
		assertThat(after).doesNotContain(free.get(0), free.get(9), free.get(free.size() - 1));
		for (LocalTime notOffered : List.of(LocalTime.of(11, 0), LocalTime.of(9, 30), LocalTime.of(8, 45))) {
			OffsetDateTime start = day.atTime(notOffered).atZone(BERLIN).toOffsetDateTime();
			assertThat(after).doesNotContain(start);
			assertThat(hold(therapist, service, start).status()).isIn(409, 422);
		}
	}

	@Test
	void theSpringForwardDayHasTwentyThreeHoursOfStartsAndTheFallBackDayTwentyFive() {
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		LocalDate springForward = nextTransition(true).getDateTimeBefore().toLocalDate();
		LocalDate fallBack = nextTransition(false).getDateTimeBefore().toLocalDate();

		List<OffsetDateTime> short_ = starts(service, springForward, therapist);
		List<OffsetDateTime> long_ = starts(service, fallBack, therapist);

		// every quarter-hour of the day (a treatment may run on past midnight, the therapist works through it)
		assertThat(short_).hasSize(23 * 4);
		assertThat(short_).extracting(OffsetDateTime::toLocalTime).noneMatch(time -> time.getHour() == 2);
		assertThat(long_).hasSize(25 * 4);
		assertThat(long_).filteredOn(start -> start.toLocalTime().equals(LocalTime.of(2, 30))).hasSize(2)
			.extracting(OffsetDateTime::getOffset).doesNotHaveDuplicates();
		assertThat(hold(therapist, service, long_.get(long_.size() - 1)).status()).isEqualTo(201);
	}

	@Test
	void aRejectedHoldListsAlternativesThatStayPutAndTheFirstCanBeHeldAtOnce() {
		LocalDate day = LocalDate.now(BERLIN).plusWeeks(6).with(DayOfWeek.THURSDAY);
		UUID service = fixtures.service(60, 0);
		UUID busy = therapistWorking(service, day.getDayOfWeek(), "09:00", "17:00");
		UUID other = therapistWorking(service, day.getDayOfWeek(), "09:00", "17:00");
		OffsetDateTime ten = day.atTime(10, 0).atZone(BERLIN).toOffsetDateTime();
		assertThat(hold(busy, service, ten).status()).isEqualTo(201);

		Api.Response rejected = hold(busy, service, ten);

		assertThat(rejected.status()).isEqualTo(409);
		JsonNode alternatives = rejected.body().path("alternatives");
		assertThat(alternatives.size()).isBetween(2, 5);
		// the same time with another therapist first, then the nearest times with the same one
		assertThat(alternatives.path(0).path("therapistId").asString()).isEqualTo(other.toString());
		assertThat(OffsetDateTime.parse(alternatives.path(0).path("start").asString())).isEqualTo(ten);
		assertThat(alternatives.path(1).path("therapistId").asString()).isEqualTo(busy.toString());
		assertThat(alternatives.path(0).path("therapistName").asString()).as("whom a customer would see")
			.isEqualTo(nameOf(other)).startsWith("Therapist ");
		assertThat(OffsetDateTime.parse(alternatives.path(1).path("start").asString())).isIn(ten.minusHours(1), ten.plusHours(1));

		Api.Response first = api.post("/api/v1/bookings", holdJson(api.newCustomer(),
				UUID.fromString(alternatives.path(0).path("therapistId").asString()), service,
				alternatives.path(0).path("start").asString()), "Prefer", "wait=10");
		assertThat(first.status()).isEqualTo(201);
		assertThat(api.get("/api/v1/requests/" + rejected.text("requestId")).body().path("problem").path("alternatives"))
			.as("the offer first made, though the calendar changed since").isEqualTo(alternatives);
	}

	private static ZoneOffsetTransition nextTransition(boolean springForward) {
		ZoneOffsetTransition transition = BERLIN.getRules().nextTransition(Instant.now());
		while (transition.isGap() != springForward) {
			transition = BERLIN.getRules().nextTransition(transition.getInstant());
		}
		return transition;
	}

	private String nameOf(UUID therapist) {
		for (JsonNode listed : api.get("/api/v1/therapists").body()) {
			if (listed.path("therapistId").asString().equals(therapist.toString())) {
				return listed.path("name").asString();
			}
		}
		throw new IllegalStateException("no therapist " + therapist);
	}

	private UUID therapistWorking(UUID service, DayOfWeek day, String... fromTo) {
		Api.Response therapist = api.post("/api/v1/admin/therapists",
				"{\"name\":\"Therapist " + UUID.randomUUID().toString().substring(0, 8) + "\",\"serviceIds\":[\"" + service + "\"]}");
		StringBuilder intervals = new StringBuilder();
		for (int i = 0; i < fromTo.length; i += 2) {
			intervals.append(i == 0 ? "" : ",").append("{\"day\":\"").append(day).append("\",\"start\":\"")
				.append(fromTo[i]).append("\",\"end\":\"").append(fromTo[i + 1]).append("\"}");
		}
		assertThat(api.put("/api/v1/admin/therapists/" + therapist.text("therapistId") + "/working-hours",
				"{\"intervals\":[" + intervals + "]}").status()).isEqualTo(200);
		return therapist.uuid("therapistId");
	}

	private List<OffsetDateTime> starts(UUID service, LocalDate day, UUID therapist) {
		Api.Response response = api.get("/api/v1/availability?serviceId=" + service + "&date=" + day + "&therapistId=" + therapist);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.body().path("therapists").path(0).path("starts").valueStream()
			.map(start -> OffsetDateTime.parse(start.asString()))
			.toList();
	}

	private Api.Response hold(UUID therapist, UUID service, OffsetDateTime start) {
		return api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, start), "Prefer", "wait=10");
	}
}
