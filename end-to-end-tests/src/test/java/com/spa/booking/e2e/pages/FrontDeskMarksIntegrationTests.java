package com.spa.booking.e2e.pages;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.Tokens;
import com.spa.booking.local.LocalIssuer;
import com.spa.booking.local.LocalStack;
import com.spa.booking.support.SharedSettings;

/**
 * The front desk marking bookings that have started, from the day view's buttons, in a real browser, and the customers
 * reading on their page what was marked. A pipeline of its own with a one-minute slot grid (the pages' other tests
 * keep the demo spa's grid), so that a booking can start two minutes from now; the test waits for the clock, not for a
 * guess.
 */
class FrontDeskMarksIntegrationTests {

	static Pipeline pipeline;

	static JdbcClient jdbc;

	static ConfigurableApplicationContext gateway;

	/** The pages, as a person opens them: on the loopback address, which OAuth2 allows on any port. */
	static String pages;

	@BeforeAll
	static void theDemoSpaOnAOneMinuteGrid() {
		Browser.assumeInstalled();
		pipeline = Pipeline.onTestStack("marks");
		ConfigurableApplicationContext worker = pipeline.startWorker("--booking.slot-minutes=1");
		new ResourceDatabasePopulator(new ClassPathResource(LocalStack.DEMO_DATA)).execute(worker.getBean(DataSource.class));
		gateway = pipeline.startGateway("--booking.slot-minutes=1");
		pages = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
		jdbc = pipeline.jdbc();
	}

	@AfterAll
	static void stop() throws Exception {
		if (pipeline != null) {
			pipeline.close();
		}
	}

	@Test
	void theFrontDeskMarksStartedBookingsCompletedOrANoShowAndBothPagesSayIt() {
		UUID service = pipeline.fixtures().service(30, 0);
		Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.MINUTES);
		UUID bens = confirmedFor(LocalIssuer.BEN, service, start);
		UUID danas = confirmedFor(LocalIssuer.DANA, service, start);
		UUID sessionItem = confirmedSessionItem(service, start);
		LocalDate day = LocalDate.ofInstant(start, gateway.getBean(SharedSettings.class).zone());

		try (Browser desk = Browser.open("marks-desk")) {
			desk.get(pages + "/front-desk");
			desk.signIn(LocalIssuer.DESK);
			desk.set("#day", day.toString());
			desk.waitFor("#live[data-state=live]");
			desk.waitFor(onTheDesk(bens, "CONFIRMED"));
			desk.waitFor(onTheDesk(danas, "CONFIRMED"));
			desk.waitFor(onTheDesk(sessionItem, "CONFIRMED"));
			assertThat(desk.has(onTheDesk(danas, "CONFIRMED") + " button")).as("no marks before the start").isFalse();

			await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(start));
			// the page, left open, offers the marks once the start has passed
			desk.click(onTheDesk(bens, "CONFIRMED") + " button[data-mark=complete]");
			desk.waitFor(onTheDesk(bens, "COMPLETED"));
			desk.click(onTheDesk(danas, "CONFIRMED") + " button[data-mark=no-show]");
			desk.waitFor(onTheDesk(danas, "NO_SHOW"));
			// an item of a booking session takes place or not on its own
			desk.click(onTheDesk(sessionItem, "CONFIRMED") + " button[data-mark=complete]");
			desk.waitFor(onTheDesk(sessionItem, "COMPLETED"));
			desk.screenshot("marked");

			assertThat(desk.text(onTheDesk(bens, "COMPLETED") + " .state")).isEqualTo("Completed");
			assertThat(desk.text(onTheDesk(danas, "NO_SHOW") + " .state")).isEqualTo("No-show");
			assertThat(desk.has(onTheDesk(bens, "COMPLETED") + " button")).as("a mark is final").isFalse();
		}
		assertThat(status(bens)).isEqualTo("COMPLETED");
		assertThat(status(danas)).isEqualTo("NO_SHOW");
		assertThat(status(sessionItem)).isEqualTo("COMPLETED");
		assertThat(onTheCustomersPage(LocalIssuer.BEN, bens)).isEqualTo("Completed");
		assertThat(onTheCustomersPage(LocalIssuer.DANA, danas)).isEqualTo("Missed (no-show)");
	}

	/** A booking of the customer's at {@code start}, with a therapist of its own, held and confirmed by the front desk. */
	private static UUID confirmedFor(LocalIssuer.DemoUser customer, UUID service, Instant start) {
		UUID therapist = pipeline.fixtures().therapistAroundTheClock(service);
		Api desk = Pipeline.api(gateway).as(Tokens.of("front-desk"));
		Api.Response held = desk.post("/api/v1/bookings", holdJson(customer.customerId(), therapist, service, start),
				"Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		UUID booking = held.uuid("bookingId");
		assertThat(desk.post("/api/v1/bookings/" + booking + "/confirm", null, "Prefer", "wait=10").status())
			.isEqualTo(200);
		return booking;
	}

	/** The one item of a new customer's booking session at {@code start}, held and confirmed by the front desk. */
	private static UUID confirmedSessionItem(UUID service, Instant start) {
		UUID therapist = pipeline.fixtures().therapistAroundTheClock(service);
		Api desk = Pipeline.api(gateway).as(Tokens.of("front-desk"));
		Api.Response held = desk.post("/api/v1/booking-sessions", "{\"customerId\":\"" + desk.newCustomer()
				+ "\",\"items\":[{\"therapistId\":\"" + therapist + "\",\"serviceId\":\"" + service
				+ "\",\"start\":\"" + start + "\"}]}", "Prefer", "wait=10");
		assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
		assertThat(desk.post("/api/v1/booking-sessions/" + held.uuid("sessionId") + "/confirm", null, "Prefer",
				"wait=10").status()).isEqualTo(200);
		return UUID.fromString(held.body().path("items").path(0).path("bookingId").asString());
	}

	/** What the customer's own page, "My bookings", says of the booking. */
	private static String onTheCustomersPage(LocalIssuer.DemoUser customer, UUID booking) {
		try (Browser page = Browser.open("marks-" + customer.username())) {
			page.get(pages + "/");
			page.signIn(customer);
			String shown = "#my-bookings li[data-booking='" + booking + "'] .status";
			page.waitFor(shown);
			page.script("document.querySelector(arguments[0]).scrollIntoView()", shown);
			page.screenshot("my-bookings");
			return page.text(shown);
		}
	}

	/** The booking drawn on the front desk's day view, in that status. */
	private static String onTheDesk(Object booking, String status) {
		return ".booking[data-booking='" + booking + "'][data-status=" + status + "]";
	}

	private static String status(UUID booking) {
		return jdbc.sql("SELECT status FROM bookings WHERE id = ?").param(booking).query(String.class).single();
	}
}
