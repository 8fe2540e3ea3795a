package com.spa.booking.e2e.api;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Fixtures;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalStack;

/**
 * The lists that may grow (a therapist's calendar, a customer's bookings) come a page at a time, {@code {items,
 * next}}: paging through yields every booking once, in order, even with bookings made between the pages; a customer
 * lists their own bookings only.
 */
class BookingListIntegrationTests {

	static Api staff;

	static UUID service;

	static UUID therapist;

	/** A day of its own, far enough ahead that no other test books it. */
	static Instant day;

	@BeforeAll
	static void aTherapistAroundTheClock() {
		LocalStack stack = TestStack.get();
		staff = new Api(stack.gatewayUrl());
		service = Fixtures.of(stack).service(30, 0);
		therapist = Fixtures.of(stack).therapistAroundTheClock(service);
		day = Instant.now().plus(600, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
	}

	@Test
	void pagingThroughATherapistsCalendarYieldsEveryBookingOnceInOrderThoughBookingsAreMadeBetweenThePages() {
		List<UUID> made = new ArrayList<>();
		for (int hour = 2; hour < 9; hour++) {
			made.add(hold(staff.newCustomer(), day.plus(hour, ChronoUnit.HOURS)));
		}
		String window = "/api/v1/bookings?therapistId=" + therapist + "&from=" + day + "&to=" + day.plus(1, ChronoUnit.DAYS);

		List<JsonNode> seen = new ArrayList<>();
		String next = null;
		int pages = 0;
		do {
			Api.Response page = staff.get(window + "&limit=3" + (next == null ? "" : "&cursor=" + next));
			assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
			assertThat(page.body().path("items").size()).isBetween(1, 3);
			page.body().path("items").forEach(seen::add);
			next = page.body().path("next").isNull() ? null : page.text("next");
			if (pages++ == 0) {
				// one before the cursor (it belongs to pages already read) and one after it (it comes on a later page)
				hold(staff.newCustomer(), day.plus(1, ChronoUnit.HOURS));
				made.add(hold(staff.newCustomer(), day.plus(20, ChronoUnit.HOURS)));
			}
		}
		while (next != null);

		List<UUID> ids = seen.stream().map(booking -> UUID.fromString(booking.path("bookingId").asString())).toList();
		assertThat(ids).doesNotHaveDuplicates().containsAll(made).hasSize(made.size());
		assertThat(seen).isSortedAccordingTo(Comparator
			.comparing((JsonNode booking) -> Instant.parse(booking.path("start").asString()))
			.thenComparing(booking -> UUID.fromString(booking.path("bookingId").asString())));
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void aCustomerListsTheirOwnBookingsOnlyAndTheFrontDeskAndAdminsAnyones() {
		UUID dana = staff.newCustomer();
		UUID eva = staff.newCustomer();
		UUID first = hold(dana, day.plus(30, ChronoUnit.HOURS));
		UUID second = hold(dana, day.plus(31, ChronoUnit.HOURS));
		UUID evas = hold(eva, day.plus(32, ChronoUnit.HOURS));
		Api asDana = staff.as(Tokens.customer(dana));

		Api.Response own = asDana.get("/api/v1/customers/" + dana + "/bookings");
		Api.Response onePage = asDana.get("/api/v1/customers/" + dana + "/bookings?limit=1");
		Api.Response secondPage = asDana.get("/api/v1/customers/" + dana + "/bookings?limit=1&cursor="
				+ onePage.text("next"));
		Api.Response others = asDana.get("/api/v1/customers/" + eva + "/bookings");
		Api.Response byTheDesk = staff.as(Tokens.of("front-desk")).get("/api/v1/customers/" + eva + "/bookings");
		Api.Response byAnAdmin = staff.as(Tokens.of("admin")).get("/api/v1/customers/" + eva + "/bookings");

		assertThat(ids(own)).containsExactly(first, second);
		assertThat(own.body().path("next").isNull()).isTrue();
		assertThat(ids(onePage)).containsExactly(first);
		assertThat(ids(secondPage)).containsExactly(second);
		assertThat(others.status()).isEqualTo(404);
		assertThat(others.text("type")).isEqualTo("urn:spa-booking:problem:not-found");
		assertThat(ids(byTheDesk)).containsExactly(evas);
		assertThat(ids(byAnAdmin)).containsExactly(evas);
	}

	@Test
	void aCursorThisApiDidNotGiveOutOrALimitOutOfBoundsIsABadRequestNamingIt() {
		String window = "/api/v1/bookings?therapistId=" + therapist + "&from=" + day + "&to=" + day.plus(1, ChronoUnit.DAYS);

		Api.Response forged = staff.get(window + "&cursor=bm90LWEtY3Vyc29y");
		Api.Response garbage = staff.get(window + "&cursor=%25%25%25");
		Api.Response none = staff.unchecked().get(window + "&limit=0");
		Api.Response tooMany = staff.unchecked().get(window + "&limit=100000");

		assertThat(List.of(forged, garbage)).allSatisfy(answer -> {
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
			assertThat(answer.body().path("errors").findValuesAsString("field")).containsExactly("cursor");
		});
		assertThat(List.of(none, tooMany)).allSatisfy(answer -> {
			assertThat(answer.status()).isEqualTo(400);
			assertThat(answer.body().path("errors").findValuesAsString("field")).containsExactly("limit");
		});
	}

	private static UUID hold(UUID customer, Instant start) {
		Api.Response held = staff.post("/api/v1/bookings", holdJson(customer, therapist, service, start), "Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		return held.uuid("bookingId");
	}

	private static List<UUID> ids(Api.Response page) {
		assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
		List<UUID> ids = new ArrayList<>();
		page.body().path("items").forEach(booking -> ids.add(UUID.fromString(booking.path("bookingId").asString())));
		return ids;
	}
}
