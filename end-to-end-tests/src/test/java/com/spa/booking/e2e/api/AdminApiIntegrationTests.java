package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.TestStack;

/** Setting up a spa through the admin API, and the guarantee that no schedule change silently drops a booking. */
class AdminApiIntegrationTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static Api api;

	/** A Wednesday three weeks ahead, so never in the past and never a demo closure. */
	final LocalDate day = LocalDate.now(BERLIN).plusWeeks(3).with(java.time.DayOfWeek.WEDNESDAY);

	@BeforeAll
	static void startStack() {
		api = new Api(TestStack.get().gatewayUrl());
	}

	@Test
	void aSpaSetUpThroughTheAdminApiTakesBookingsInsideItsHoursAndRooms() {
		String roomType = "steam-" + UUID.randomUUID();
		Api.Response room = api.post("/api/v1/admin/rooms", "{\"name\":\"Steam Room\",\"roomType\":\"" + roomType + "\"}");
		Api.Response service = api.post("/api/v1/admin/services", """
				{"name":"Steam ritual","durationMinutes":60,"bufferMinutes":15,"price":70.00,"roomType":"%s"}""".formatted(roomType));
		UUID therapist = therapistWithWednesdays(service.uuid("serviceId"), "09:00", "13:00");

		assertThat(room.status()).isEqualTo(201);
		assertThat(service.status()).isEqualTo(201);
		Api.Response held = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service.uuid("serviceId"),
				at("10:00")), "Prefer", "wait=10");
		assertThat(held.status()).isEqualTo(201);
		assertThat(held.uuid("roomId")).isEqualTo(room.uuid("roomId"));

		Api.Response late = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service.uuid("serviceId"),
				at("12:00")), "Prefer", "wait=10");
		assertThat(late.status()).isEqualTo(409);
		assertThat(late.text("reason")).isEqualTo("OUTSIDE_WORKING_HOURS");
		assertThat(api.get("/api/v1/therapists").body().findValuesAsString("therapistId")).contains(therapist.toString());
	}

	@Test
	void hoursThatWouldLeaveABookingOutsideAreRejectedWithTheBookingNamed() {
		UUID service = api.post("/api/v1/admin/services",
				"{\"name\":\"Massage\",\"durationMinutes\":60,\"bufferMinutes\":0,\"price\":60}").uuid("serviceId");
		UUID therapist = therapistWithWednesdays(service, "09:00", "17:00");
		UUID booking = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, at("15:00")),
				"Prefer", "wait=10").uuid("bookingId");

		Api.Response rejected = api.put("/api/v1/admin/therapists/" + therapist + "/working-hours",
				"{\"intervals\":[{\"day\":\"WEDNESDAY\",\"start\":\"09:00\",\"end\":\"13:00\"}]}");

		assertThat(rejected.status()).isEqualTo(409);
		assertThat(rejected.contentType()).isEqualTo("application/problem+json");
		assertThat(rejected.body().path("affectedBookings").findValuesAsString("bookingId")).containsExactly(booking.toString());
		assertThat(api.get("/api/v1/admin/therapists/" + therapist + "/working-hours").body().findValuesAsString("end"))
			.containsExactly("17:00");

		Api.Response allowed = api.put("/api/v1/admin/therapists/" + therapist + "/working-hours",
				"{\"intervals\":[{\"day\":\"WEDNESDAY\",\"start\":\"09:00\",\"end\":\"12:00\"},"
						+ "{\"day\":\"WEDNESDAY\",\"start\":\"14:00\",\"end\":\"18:00\"}]}");
		assertThat(allowed.status()).isEqualTo(200);
	}

	@Test
	void timeOffOverABookingIsRejectedAndOtherTimeOffRejectsHolds() {
		UUID service = api.post("/api/v1/admin/services",
				"{\"name\":\"Facial\",\"durationMinutes\":30,\"bufferMinutes\":0,\"price\":30}").uuid("serviceId");
		UUID therapist = therapistWithWednesdays(service, "09:00", "17:00");
		api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, at("11:00")), "Prefer", "wait=10");

		Api.Response overBooking = api.post("/api/v1/admin/time-off", """
				{"therapistId":"%s","start":"%s","end":"%s","reason":"dentist"}""".formatted(therapist, at("10:00"), at("12:00")));
		Api.Response free = api.post("/api/v1/admin/time-off", """
				{"therapistId":"%s","start":"%s","end":"%s","reason":"dentist"}""".formatted(therapist, at("13:00"), at("14:00")));

		assertThat(overBooking.status()).isEqualTo(409);
		assertThat(overBooking.body().path("affectedBookings").size()).isEqualTo(1);
		assertThat(free.status()).isEqualTo(201);
		Api.Response away = api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service, at("13:15")),
				"Prefer", "wait=10");
		assertThat(away.text("reason")).isEqualTo("THERAPIST_TIME_OFF");
	}

	@Test
	void aClosedDayRejectsHoldsThatDayInTheSpasTimeZone() {
		UUID service = api.post("/api/v1/admin/services",
				"{\"name\":\"Pedicure\",\"durationMinutes\":30,\"bufferMinutes\":0,\"price\":30}").uuid("serviceId");
		UUID therapist = therapistWithWednesdays(service, "00:00", "00:00");
		// far away, where no other test books
		LocalDate closed = LocalDate.of(2090, 1, 4).plusWeeks((long) (Math.random() * 500)).with(java.time.DayOfWeek.WEDNESDAY);

		Api.Response closure = api.post("/api/v1/admin/time-off",
				"{\"firstDay\":\"" + closed + "\",\"lastDay\":\"" + closed + "\",\"reason\":\"Inventory\"}");

		assertThat(closure.status()).isEqualTo(201);
		assertThat(closure.text("start")).isEqualTo(closed.atStartOfDay(BERLIN).toInstant().toString());
		assertThat(holdAt(therapist, service, closed.atTime(23, 30)).text("reason")).isEqualTo("SPA_CLOSED");
		assertThat(holdAt(therapist, service, closed.atTime(0, 0)).text("reason")).isEqualTo("SPA_CLOSED");
		assertThat(holdAt(therapist, service, closed.plusWeeks(1).atTime(0, 0)).status()).isEqualTo(201);
	}

	private Api.Response holdAt(UUID therapist, UUID service, java.time.LocalDateTime local) {
		return api.post("/api/v1/bookings", holdJson(api.newCustomer(), therapist, service,
				local.atZone(BERLIN).toOffsetDateTime()), "Prefer", "wait=10");
	}

	@Test
	void overlappingOrBackwardsIntervalsAreUnprocessableNamingTheInterval() {
		UUID therapist = therapistWithWednesdays(null, "09:00", "12:00");

		Api.Response overlapping = api.put("/api/v1/admin/therapists/" + therapist + "/working-hours",
				"{\"intervals\":[{\"day\":\"MONDAY\",\"start\":\"09:00\",\"end\":\"12:00\"},"
						+ "{\"day\":\"MONDAY\",\"start\":\"11:00\",\"end\":\"14:00\"},"
						+ "{\"day\":\"TUESDAY\",\"start\":\"14:00\",\"end\":\"10:00\"}]}");

		assertThat(overlapping.status()).isEqualTo(422);
		assertThat(overlapping.body().path("errors").findValuesAsString("field")).containsExactly("intervals[1]", "intervals[2]");
	}

	private UUID therapistWithWednesdays(UUID service, String start, String end) {
		Api.Response therapist = api.post("/api/v1/admin/therapists", service == null ? "{\"name\":\"New\"}"
				: "{\"name\":\"New\",\"serviceIds\":[\"" + service + "\"]}");
		assertThat(therapist.status()).isEqualTo(201);
		Api.Response hours = api.put("/api/v1/admin/therapists/" + therapist.text("therapistId") + "/working-hours",
				"{\"intervals\":[{\"day\":\"WEDNESDAY\",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}]}");
		assertThat(hours.status()).as(hours.raw().body()).isEqualTo(200);
		return therapist.uuid("therapistId");
	}

	private String at(String localTime) {
		return Api.dateTime(day.atTime(java.time.LocalTime.parse(localTime)).atZone(BERLIN).toOffsetDateTime()).toString();
	}
}
