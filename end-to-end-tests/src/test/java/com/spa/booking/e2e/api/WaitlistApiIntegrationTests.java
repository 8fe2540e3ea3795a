package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.schemas.Topics;
import com.spa.booking.schemas.WaitlistOffered;
import com.spa.booking.testing.TopicRecorder;

import tools.jackson.databind.JsonNode;

/**
 * The waitlist through the API (docs/waitlist.md): a released time goes to the first entry in line that can take it,
 * held for that customer in the step that released it; the customer confirms it as any hold.
 */
class WaitlistApiIntegrationTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static Api api;

	static Fixtures fixtures;

	static TopicRecorder<SpaEvent> events;

	@BeforeAll
	static void startStack() {
		LocalStack stack = TestStack.get();
		api = new Api(stack.gatewayUrl());
		fixtures = Fixtures.of(stack);
		events = TopicRecorder.ofKnown(stack.kafkaBootstrapServers(), Messages::event, Topics.EVENTS);
	}

	@AfterAll
	static void stopRecording() {
		events.close();
	}

	@Test
	void aCancelledTimeIsOfferedToTheFirstEntryInLineThatCanTakeItWhoConfirmsIt() {
		LocalDate day = LocalDate.now(BERLIN).plusDays(60);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID elsewhere = fixtures.therapistAroundTheClock(service);
		UUID booking = confirmed(api.newCustomer(), therapist, service, at(day, 10));
		// first in line, but for another therapist: not this time's
		UUID otherTherapistsCustomer = api.newCustomer();
		join(otherTherapistsCustomer, service, elsewhere, day, "10:00", "10:00");
		// in line for any therapist, but too late a window for this time
		join(api.newCustomer(), service, null, day, "15:00", "16:00");
		UUID first = api.newCustomer();
		UUID firstEntry = join(first, service, null, day, "10:00", "11:00").uuid("entryId");
		UUID second = api.newCustomer();
		UUID secondEntry = join(second, service, therapist, day, "10:00", "10:00").uuid("entryId");

		assertThat(api.post("/api/v1/bookings/" + booking + "/cancel", null, "Prefer", "wait=10").status()).isEqualTo(200);

		Api.Response offered = customer(first).get("/api/v1/waitlist/" + firstEntry);
		assertThat(offered.text("status")).isEqualTo("OFFERED");
		UUID hold = offered.uuid("offeredBookingId");
		Api.Response held = customer(first).get("/api/v1/bookings/" + hold);
		assertThat(held.text("status")).isEqualTo("HELD");
		assertThat(held.uuid("therapistId")).isEqualTo(therapist);
		assertThat(Instant.parse(held.text("start"))).isEqualTo(at(day, 10));
		assertThat(Duration.between(Instant.now(), Instant.parse(offered.text("offerExpiresAt"))))
			.isBetween(Duration.ofMinutes(13), Duration.ofMinutes(16));
		assertThat(customer(second).get("/api/v1/waitlist/" + secondEntry).text("status")).isEqualTo("WAITING");
		assertThat(customer(otherTherapistsCustomer).get("/api/v1/customers/" + otherTherapistsCustomer + "/waitlist")
			.body().path(0).path("status").asString()).isEqualTo("WAITING");
		await().until(() -> offersTo(firstEntry).size() == 1);
		WaitlistOffered event = offersTo(firstEntry).get(0);
		assertThat(event.booking().bookingId()).isEqualTo(hold);
		assertThat(event.entry().localOfferExpiresAt()).isNotNull();

		Api.Response confirmed = customer(first).post("/api/v1/bookings/" + hold + "/confirm", null, "Prefer", "wait=10");
		assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
		assertThat(customer(first).get("/api/v1/waitlist/" + firstEntry).text("status")).isEqualTo("BOOKED");
	}

	@Test
	void leavingAnOfferedEntryDeclinesItAndTheTimeGoesToTheNextInLine() {
		LocalDate day = LocalDate.now(BERLIN).plusDays(61);
		UUID service = fixtures.service(60, 0);
		UUID therapist = fixtures.therapistAroundTheClock(service);
		UUID booking = confirmed(api.newCustomer(), therapist, service, at(day, 14));
		UUID first = api.newCustomer();
		UUID firstEntry = join(first, service, therapist, day, "14:00", "14:00").uuid("entryId");
		UUID second = api.newCustomer();
		UUID secondEntry = join(second, service, therapist, day, "14:00", "15:00").uuid("entryId");
		api.post("/api/v1/bookings/" + booking + "/cancel", null, "Prefer", "wait=10");
		UUID firstOffer = customer(first).get("/api/v1/waitlist/" + firstEntry).uuid("offeredBookingId");

		Api.Response left = customer(first).post("/api/v1/waitlist/" + firstEntry + "/leave", null, "Prefer", "wait=10");

		assertThat(left.status()).as(left.raw().body()).isEqualTo(200);
		assertThat(left.text("status")).isEqualTo("OFFER_DECLINED");
		assertThat(customer(first).get("/api/v1/bookings/" + firstOffer).text("status")).isEqualTo("RELEASED");
		Api.Response next = customer(second).get("/api/v1/waitlist/" + secondEntry);
		assertThat(next.text("status")).isEqualTo("OFFERED");
		assertThat(Instant.parse(customer(second).get("/api/v1/bookings/" + next.uuid("offeredBookingId")).text("start")))
			.isEqualTo(at(day, 14));
	}

	@Test
	void aCustomerSeesAndLeavesTheirOwnEntriesAndNotAnothers() {
		LocalDate day = LocalDate.now(BERLIN).plusDays(62);
		UUID service = fixtures.service(60, 0);
		UUID customer = api.newCustomer();
		UUID stranger = api.newCustomer();
		Api own = customer(customer);
		UUID entry = join(customer, service, null, day, "09:00", "12:00").uuid("entryId");

		JsonNode listed = own.get("/api/v1/customers/" + customer + "/waitlist").body();
		assertThat(listed.path(0).path("entryId").asString()).isEqualTo(entry.toString());
		assertThat(listed.path(0).path("earliest").asString()).startsWith("09:00");
		assertThat(customer(stranger).get("/api/v1/waitlist/" + entry).status()).isEqualTo(404);
		assertThat(customer(stranger).get("/api/v1/customers/" + customer + "/waitlist").status()).isEqualTo(404);
		assertThat(customer(stranger).post("/api/v1/waitlist/" + entry + "/leave", null).status()).isEqualTo(404);

		Api.Response left = own.post("/api/v1/waitlist/" + entry + "/leave", null, "Prefer", "wait=10");
		assertThat(left.status()).as(left.raw().body()).isEqualTo(200);
		assertThat(left.text("status")).isEqualTo("LEFT");
		assertThat(own.post("/api/v1/waitlist/" + entry + "/leave", null, "Prefer", "wait=10").status())
			.as("leaving again changes nothing").isEqualTo(200);
		assertThat(own.get("/api/v1/waitlist/" + entry).text("status")).isEqualTo("LEFT");
	}

	@Test
	void theFrontDeskAddsACustomerOnThePhoneAndSeesTheDaysLineInOrder() {
		LocalDate day = LocalDate.now(BERLIN).plusDays(63);
		UUID service = fixtures.service(60, 0);
		Api desk = api.as(Tokens.of("front-desk"));
		UUID early = join(api.newCustomer(), service, null, day, "09:00", "10:00").uuid("entryId");
		UUID phoned = api.newCustomer();
		Api.Response added = desk.post("/api/v1/waitlist", joinJson(phoned, service, null, day, "11:00", "12:00"),
				"Prefer", "wait=10");
		assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
		assertThat(added.header("Location")).isEqualTo("/api/v1/waitlist/" + added.uuid("entryId"));

		List<String> line = desk.get("/api/v1/waitlist?day=" + day).body().findValuesAsString("entryId");

		assertThat(line).containsExactly(early.toString(), added.uuid("entryId").toString());
		assertThat(customer(phoned).get("/api/v1/waitlist?day=" + day).status()).as("a day's line is the front desk's")
			.isEqualTo(403);
	}

	@Test
	void aWindowThatIsBackwardsOrOverIsUnprocessableAndACustomerHasAtMostFiveOpenEntries() {
		UUID service = fixtures.service(60, 0);
		UUID customer = api.newCustomer();
		LocalDate day = LocalDate.now(BERLIN).plusDays(64);
		Api.Response backwards = customer(customer).post("/api/v1/waitlist",
				joinJson(customer, service, null, day, "12:00", "11:00"), "Prefer", "wait=10");
		assertThat(backwards.status()).isEqualTo(422);
		assertThat(backwards.body().path("errors").findValuesAsString("field")).contains("latest");
		Api.Response over = customer(customer).post("/api/v1/waitlist",
				joinJson(customer, service, null, LocalDate.now(BERLIN).minusDays(1), "09:00", "10:00"), "Prefer",
				"wait=10");
		assertThat(over.status()).isEqualTo(422);

		for (int entry = 0; entry < 5; entry++) {
			join(customer, service, null, day.plusDays(entry), "09:00", "10:00");
		}
		Api.Response sixth = customer(customer).post("/api/v1/waitlist",
				joinJson(customer, service, null, day.plusDays(5), "09:00", "10:00"), "Prefer", "wait=10");
		assertThat(sixth.status()).isEqualTo(409);
		assertThat(sixth.text("reason")).isEqualTo("TOO_MANY_WAITLIST_ENTRIES");
	}

	private static Api customer(UUID customer) {
		return api.as(Tokens.customer(customer));
	}

	private static Api.Response join(UUID customer, UUID service, UUID therapist, LocalDate day, String earliest,
			String latest) {
		Api.Response joined = customer(customer).post("/api/v1/waitlist",
				joinJson(customer, service, therapist, day, earliest, latest), "Prefer", "wait=10");
		assertThat(joined.status()).as(joined.raw().body()).isEqualTo(201);
		assertThat(joined.text("status")).isEqualTo("WAITING");
		return joined;
	}

	private static String joinJson(UUID customer, UUID service, UUID therapist, LocalDate day, String earliest,
			String latest) {
		return "{\"customerId\":\"" + customer + "\",\"serviceId\":\"" + service + "\""
				+ (therapist == null ? "" : ",\"therapistId\":\"" + therapist + "\"") + ",\"day\":\"" + day
				+ "\",\"earliest\":\"" + earliest + "\",\"latest\":\"" + latest + "\"}";
	}

	private static Instant at(LocalDate day, int hour) {
		return day.atTime(hour, 0).atZone(BERLIN).toInstant();
	}

	private static UUID confirmed(UUID customer, UUID therapist, UUID service, Instant at) {
		Api.Response held = api.post("/api/v1/bookings", holdJson(customer, therapist, service, at), "Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		UUID booking = held.uuid("bookingId");
		assertThat(api.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status()).isEqualTo(200);
		return booking;
	}

	private static List<WaitlistOffered> offersTo(UUID entry) {
		return events.records()
			.stream()
			.filter(WaitlistOffered.class::isInstance)
			.map(WaitlistOffered.class::cast)
			.filter(offer -> offer.entry().entryId().equals(entry))
			.toList();
	}
}
