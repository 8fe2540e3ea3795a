package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Topics;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * Every kind of bad input gets a 4xx problem+json naming the offending field at once, and nothing is published or
 * recorded for it.
 */
class BadInputIntegrationTests {

	static UUID THERAPIST;

	static UUID CUSTOMER;

	static UUID SWEDISH_MASSAGE_60;

	static final String FUTURE = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();

	static Api api;

	/** For the requests that are invalid on purpose: their answers are still checked against the API's document. */
	static Api bad;

	static JdbcClient jdbc;

	static TopicRecorder<BookingCommand> commands;

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		bad = api.unchecked();
		jdbc = stack.worker().getBean(JdbcClient.class);
		commands = new TopicRecorder<>(stack.kafkaBootstrapServers(), Messages::command, Topics.COMMANDS);
		SWEDISH_MASSAGE_60 = Fixtures.of(stack).service(60, 15);
		THERAPIST = Fixtures.of(stack).therapistAroundTheClock(SWEDISH_MASSAGE_60);
		CUSTOMER = api.newCustomer();
	}

	@AfterAll
	static void stopRecording() {
		commands.close();
	}

	/**
	 * The holds only the whole stack can refuse: the catalog, the clock and the horizon decide. A body that does not
	 * bind (malformed, a field missing or mistyped) is refused before anything is decided, which the gateway's web
	 * slice checks for every case ({@code BookingControllerWebTests}).
	 */
	static Stream<Arguments> badHolds() {
		String valid = holdJson(CUSTOMER, THERAPIST, SWEDISH_MASSAGE_60, FUTURE);
		return Stream.of(
				Arguments.of("start in the past", valid.replace(FUTURE, "2020-01-01T10:00:00+01:00"), 422, "start"),
				Arguments.of("start beyond the booking horizon", valid.replace(FUTURE, Instant.now().plus(TestStack.HORIZON)
					.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString()), 422, "start"),
				Arguments.of("start no database can store", valid.replace(FUTURE, "+300000-01-01T10:00:00Z"), 422, "start"),
				Arguments.of("unknown customer", valid.replace(CUSTOMER.toString(), UUID.randomUUID().toString()), 422,
						"customerId"),
				Arguments.of("unknown therapist", valid.replace(THERAPIST.toString(), UUID.randomUUID().toString()), 422,
						"therapistId"),
				Arguments.of("unknown service", valid.replace(SWEDISH_MASSAGE_60.toString(), UUID.randomUUID().toString()),
						422, "serviceId"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badHolds")
	void aBadHoldRequestGetsAProblemNamingTheFieldAndNothingIsPublished(String what, String body, int status,
			String field) {
		long requestsBefore = recordedRequests();
		Instant before = Instant.now();

		Api.Response response = bad.post("/api/v1/bookings", body, "Prefer", "wait=5");

		assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.body().path("errors").findValuesAsString("field")).contains(field);
		assertThat(response.text("detail")).contains(field);
		assertThat(recordedRequests()).isEqualTo(requestsBefore);
		assertThat(commands.records()).noneMatch(command -> !command.requestedAt().isBefore(before)
				&& !(command instanceof com.spa.booking.schemas.ExpireHold));
	}

	@Test
	void everyUnknownReferenceIsNamedInOneAnswer() {
		Api.Response response = api.post("/api/v1/bookings",
				holdJson(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), FUTURE));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body().path("errors").findValuesAsString("field"))
			.containsExactlyInAnyOrder("customerId", "therapistId", "serviceId");
	}

	@Test
	void aBookingIdThatIsNotAUuidIsABadRequestNamingIt() {
		for (Api.Response response : List.of(bad.get("/api/v1/bookings/not-a-uuid"),
				bad.post("/api/v1/bookings/not-a-uuid/confirm", null))) {
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.contentType()).isEqualTo("application/problem+json");
			assertThat(response.body().path("errors").findValuesAsString("field")).containsExactly("bookingId");
		}
	}

	@Test
	void listingBookingsNeedsATherapistAndAnOrderedWindow() {
		Api.Response missing = bad.get("/api/v1/bookings?from=" + FUTURE + "&to=" + FUTURE);
		Api.Response backwards = api.get("/api/v1/bookings?therapistId=" + THERAPIST + "&from=" + FUTURE + "&to="
				+ Instant.parse(FUTURE).minusSeconds(60));

		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body().path("errors").findValuesAsString("field")).containsExactly("therapistId");
		assertThat(backwards.status()).isEqualTo(422);
		assertThat(backwards.body().path("errors").findValuesAsString("field")).containsExactly("to");
	}

	@Test
	void noInstantOutsideTheYears2000To2199GetsPastTheGateway() {
		String far = "%2B300000-01-01T00:00:00Z";
		List<Api.Response> answers = List.of(
				bad.get("/api/v1/bookings?therapistId=" + THERAPIST + "&from=" + far + "&to=" + far),
				bad.get("/api/v1/availability?serviceId=" + SWEDISH_MASSAGE_60 + "&date=3000-01-01"),
				bad.post("/api/v1/admin/time-off", "{\"start\":\"1800-01-01T00:00:00Z\",\"end\":\"1800-01-02T00:00:00Z\"}"),
				bad.post("/api/v1/admin/time-off", "{\"firstDay\":\"2026-12-24\",\"lastDay\":\"+20000-12-26\"}"),
				// found by ApiFuzzIntegrationTests: the day after the last there is was a 500
				bad.post("/api/v1/admin/time-off", "{\"firstDay\":\"2026-12-24\",\"lastDay\":\"+999999999-12-31\"}"),
				bad.post("/api/v1/booking-sessions", "{\"customerId\":\"" + CUSTOMER + "\",\"items\":[{\"therapistId\":\""
						+ THERAPIST + "\",\"serviceId\":\"" + SWEDISH_MASSAGE_60 + "\",\"start\":\"+300000-01-01T10:00:00Z\"}]}"));

		assertThat(answers).allSatisfy(answer -> {
			assertThat(answer.status()).as(answer.raw().body()).isEqualTo(422);
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
		});
		assertThat(answers).map(answer -> answer.body().path("errors").findValuesAsString("field"))
			.containsExactly(List.of("from", "to"), List.of("date"), List.of("start", "end"), List.of("lastDay"),
					List.of("lastDay"), List.of("items[0].start"));
	}

	@Test
	void aMistypedFieldIsExplainedByTheFormatItNeedsNotByTheJsonLibrarysInternals() {
		String valid = holdJson(CUSTOMER, THERAPIST, SWEDISH_MASSAGE_60, FUTURE);

		Api.Response noOffset = bad.post("/api/v1/bookings", valid.replace(FUTURE, FUTURE.replace("Z", "")));
		Api.Response notAnId = bad.post("/api/v1/bookings", valid.replace(THERAPIST.toString(), "anna"));

		assertThat(noOffset.text("detail")).isEqualTo(
				"start: must be a date and time with an offset (ISO-8601), such as 2027-03-03T10:00:00+01:00");
		assertThat(notAnId.text("detail")).isEqualTo("therapistId: must be a UUID, such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");
	}

	@Test
	void oversizedAdminInputIsABadRequestNamingTheFieldNeverAServerError() {
		String manyIds = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
			.collect(java.util.stream.Collectors.joining(","));
		String manyIntervals = java.util.stream.IntStream.range(0, 71)
			.mapToObj(i -> "{\"day\":\"MONDAY\",\"start\":\"09:00\",\"end\":\"10:00\"}")
			.collect(java.util.stream.Collectors.joining(","));
		Map<String, Api.Response> answers = Map.of(
				"price", bad.post("/api/v1/admin/services",
						"{\"name\":\"Gold\",\"durationMinutes\":60,\"bufferMinutes\":0,\"price\":1000000000000}"),
				"serviceIds", bad.post("/api/v1/admin/therapists", "{\"name\":\"T\",\"serviceIds\":[" + manyIds + "]}"),
				"intervals", bad.put("/api/v1/admin/therapists/" + THERAPIST + "/working-hours",
						"{\"intervals\":[" + manyIntervals + "]}"),
				"name", bad.post("/api/v1/admin/rooms", "{\"name\":\"" + "x".repeat(101) + "\",\"roomType\":\"massage\"}"));

		answers.forEach((field, answer) -> {
			assertThat(answer.status()).as(field).isEqualTo(400);
			assertThat(answer.body().findValuesAsString("field")).as(field).contains(field);
		});
	}

	/**
	 * The one rule for text: a control character in any text field, admin's included, is a {@code 400} naming the
	 * field; a NUL used to reach PostgreSQL, which refuses it in text, and come back a {@code 500}.
	 */
	static Stream<Arguments> textWithAControlCharacter() {
		return Stream.of(
				Arguments.of("/api/v1/admin/services",
						"{\"name\":\"Hot\\u0000Stone\",\"durationMinutes\":60,\"bufferMinutes\":0,\"price\":80}", "name"),
				Arguments.of("/api/v1/admin/rooms", "{\"name\":\"Room 1\",\"roomType\":\"mas\\u0007sage\"}", "roomType"),
				Arguments.of("/api/v1/admin/therapists", "{\"name\":\"Ann\\nLee\"}", "name"),
				Arguments.of("/api/v1/admin/time-off",
						"{\"firstDay\":\"2030-01-01\",\"lastDay\":\"2030-01-02\",\"reason\":\"flu\\u0000\"}", "reason"),
				Arguments.of("/api/v1/customers", "{\"name\":\"Zo\u00eb\\u001b[31m\",\"email\":\"z@example.com\"}", "name"));
	}

	@ParameterizedTest(name = "{0} {2}")
	@MethodSource("textWithAControlCharacter")
	void aControlCharacterInAnyTextFieldIsABadRequestNamingItNeverAServerError(String path, String body, String field) {
		Api.Response response = bad.post(path, body);

		assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.body().path("errors").findValuesAsString("field")).containsExactly(field);
		assertThat(response.text("detail")).contains(field + ": must not contain control characters");
	}

	/** Found by {@code ApiFuzzIntegrationTests}: read inside a handler, these were the catch-all's 500. */
	@Test
	void aQueryStringTheServerCannotReadOrItsFirewallRefusesIsABadRequest() {
		List<Api.Response> answers = List.of(
				bad.get("/api/v1/bookings?therapistId=" + THERAPIST + "&from=" + FUTURE + "&to=" + FUTURE + "&=1e400"),
				bad.get("/api/v1/bookings?therapistId=" + THERAPIST + "&from=" + FUTURE + "&to=" + FUTURE + "&cursor=%00"),
				bad.get("/swagger-ui.html?=%2500"), bad.get("/swagger-ui.html?%00=line%0D%0Abreak"));

		assertThat(answers).allSatisfy(answer -> {
			assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
		});
	}

	@Test
	void aCustomerWithoutNameOrWithABadEmailIsABadRequestNamingTheFields() {
		Api.Response response = bad.post("/api/v1/customers", "{\"name\": \" \", \"email\": \"not-an-email\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.body().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "email");
	}

	private static long recordedRequests() {
		return jdbc.sql("SELECT count(*) FROM gateway.requests").query(Long.class).single();
	}
}
