package com.spa.booking.e2e.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.local.LocalIssuer;
import com.spa.booking.local.LocalStack;

/**
 * The customer page and the front desk's day view in a real browser (headless Chromium), against a whole pipeline with
 * the demo spa's catalog and holds that run out in {@value #HOLD_SECONDS} seconds: people signing in at the local
 * issuer, booking, racing for one time, watching the front desk's calendar change and a hold run out. What the pages
 * show is checked against the database. Every step leaves a screenshot in {@code target/screenshots}.
 */
class BookingPagesIntegrationTests {

	static final int HOLD_SECONDS = 20;

	static final ZoneId SPA = ZoneId.of("Europe/Berlin");

	static final String SWEDISH_MASSAGE = "22222222-0000-0000-0000-000000000002";

	static final String ANNA = "11111111-0000-0000-0000-000000000001";

	static final String BEN_ORTIZ = "11111111-0000-0000-0000-000000000002";

	static Pipeline pipeline;

	static JdbcClient jdbc;

	static ConfigurableApplicationContext gateway;

	/** The pages, as a person opens them: on the loopback address, which OAuth2 allows on any port. */
	static String pages;

	@BeforeAll
	static void theDemoSpaWithHoldsThatRunOutSoon() {
		Browser.assumeInstalled();
		pipeline = Pipeline.onTestStack("pages");
		String[] holds = { "--booking.hold-ttl=" + HOLD_SECONDS + "s", "--booking.hold-grace=1s",
				"--booking.expiry-sweep-interval=250ms" };
		ConfigurableApplicationContext worker = pipeline.startWorker(holds);
		new ResourceDatabasePopulator(new ClassPathResource(LocalStack.DEMO_DATA)).execute(worker.getBean(DataSource.class));
		gateway = pipeline.startGateway(holds);
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
	void aCustomerSignsInHoldsATimeSeesItCountDownAndConfirmsWithTheKeyboard() {
		LocalDate day = wednesday(0);
		try (Browser dana = Browser.open("customer")) {
			dana.get(pages + "/");
			dana.screenshot("1-signed-out");
			dana.signIn(LocalIssuer.DANA);
			assertThat(dana.text("#who")).isEqualTo("Dana Demo");
			search(dana, day, ANNA);
			dana.screenshot("2-free-times");

			dana.click(slot(ANNA, day, "10:00"));
			dana.waitFor("#hold[data-status=HELD]");
			String first = dana.text("#countdown");
			assertThat(first).matches("0:[0-5]\\d");
			await().atMost(Duration.ofSeconds(5)).until(() -> !dana.text("#countdown").equals(first));
			dana.screenshot("3-held");
			UUID booking = UUID.fromString(dana.find("#hold").getDomAttribute("data-id"));
			assertThat(status(booking)).isEqualTo("HELD");
			// the terms the booking was held on, read before confirming (the demo spa's default policy)
			assertThat(dana.text("#hold-policy")).startsWith("Free cancellation until the start").contains("deposit");

			// the page puts the focus on "Confirm": Enter confirms
			assertThat(dana.script("return document.activeElement.id")).isEqualTo("confirm");
			dana.find("#confirm").sendKeys(Keys.ENTER);
			dana.waitFor("#hold[data-status=CONFIRMED]");
			assertThat(dana.text("#hold-status")).contains("Confirmed");
			dana.waitFor("#my-bookings li[data-booking='" + booking + "'][data-status=CONFIRMED]");
			dana.screenshot("4-confirmed");
			assertThat(status(booking)).isEqualTo("CONFIRMED");
		}
	}

	@Test
	void twoCustomersRaceForOneStartAndTheOneLeftOutHoldsAnAlternative() throws Exception {
		LocalDate day = wednesday(1);
		try (Browser dana = Browser.open("race-dana"); Browser ben = Browser.open("race-ben")) {
			for (var signedIn : Map.of(dana, LocalIssuer.DANA, ben, LocalIssuer.BEN).entrySet()) {
				signedIn.getKey().get(pages + "/");
				signedIn.getKey().signIn(signedIn.getValue());
				search(signedIn.getKey(), day, ANNA);
			}
			String contested = slot(ANNA, day, "10:00");
			CyclicBarrier ready = new CyclicBarrier(2);
			ExecutorService hands = Executors.newFixedThreadPool(2);
			try {
				List<Future<?>> clicks = new ArrayList<>();
				for (Browser browser : List.of(dana, ben)) {
					clicks.add(hands.submit(() -> {
						ready.await();
						browser.click(contested);
						return null;
					}));
				}
				for (Future<?> click : clicks) {
					click.get();
				}
			}
			finally {
				hands.shutdown();
			}
			await().atMost(Duration.ofSeconds(15))
				.until(() -> outcome(dana) != null && outcome(ben) != null);
			assertThat(List.of(outcome(dana), outcome(ben))).containsExactlyInAnyOrder("held", "rejected");
			Browser winner = outcome(dana).equals("held") ? dana : ben;
			Browser other = winner == dana ? ben : dana;
			winner.screenshot("won");
			assertThat(other.text("#problem")).contains("taken");
			other.screenshot("lost");

			other.click("#problem .alternative");
			other.waitFor("#hold[data-status=HELD]");
			other.screenshot("took-alternative");
			UUID won = UUID.fromString(winner.find("#hold").getDomAttribute("data-id"));
			UUID alternative = UUID.fromString(other.find("#hold").getDomAttribute("data-id"));
			// one active booking of Anna's at 10:00, the winner's; the other customer's is elsewhere
			assertThat(jdbc.sql("""
					SELECT id FROM bookings WHERE therapist_id = ?::uuid AND status IN ('HELD', 'CONFIRMED')
					   AND starts_at = (?::date + time '10:00') AT TIME ZONE 'Europe/Berlin'""")
				.params(ANNA, day.toString()).query(UUID.class).list()).containsExactly(won);
			assertThat(status(alternative)).isEqualTo("HELD");
			assertThat(jdbc.sql("SELECT therapist_id::text || starts_at::text FROM bookings WHERE id = ?")
				.param(alternative).query(String.class).single())
				.isNotEqualTo(jdbc.sql("SELECT therapist_id::text || starts_at::text FROM bookings WHERE id = ?")
					.param(won).query(String.class).single());
		}
	}

	@Test
	void theFrontDeskSeesABookingMadeInAnotherBrowserWithinTwoSecondsWithoutReloading() {
		LocalDate day = wednesday(2);
		try (Browser desk = Browser.open("front-desk"); Browser dana = Browser.open("customer-seen-by-desk")) {
			frontDeskOn(desk, day);
			desk.script("window.stillTheSamePage = true");

			String booking = danaHoldsAnna(dana, day, "11:00");
			String drawn = onTheDesk(booking, "HELD");
			desk.waitFor(drawn, Duration.ofSeconds(10));
			// both pages note the moment on the machine's one clock: the customer's page when the hold was answered, the
			// front desk's when it first drew the booking
			long heldAt = Long.parseLong(dana.find("#hold").getDomAttribute("data-held-at"));
			long shownAt = Long.parseLong(desk.find(drawn).getDomAttribute("data-shown-at"));
			assertThat(Duration.ofMillis(shownAt - heldAt)).as("from the customer's hold to the front desk's calendar")
				.isLessThan(Duration.ofSeconds(2));
			assertThat(desk.script("return window.stillTheSamePage")).isEqualTo(true);
			desk.screenshot("1-held");

			dana.click("#confirm");
			desk.waitFor(onTheDesk(booking, "CONFIRMED"));
			assertThat(desk.text("#activity li[data-type=BookingConfirmed][data-booking='" + booking + "']"))
				.contains("confirmed", "Swedish massage", "Anna Berg");
			assertThat(desk.script("return window.stillTheSamePage")).isEqualTo(true);
			desk.screenshot("2-confirmed");
		}
	}

	@Test
	void theDayViewReconnectsWhenItsStreamIsCutAndShowsWhatWasBookedMeanwhile() {
		LocalDate day = wednesday(9);
		try (Browser desk = Browser.open("reconnect-desk"); Browser dana = Browser.open("reconnect-customer")) {
			frontDeskOn(desk, day);
			SmartLifecycle live = gateway.getBean("liveEventBroadcaster", SmartLifecycle.class);
			// every stream ends, and new ones are refused until it starts again: a connection lost, as far as the page
			// can tell
			live.stop();
			desk.waitFor("#live[data-state=down]");
			String booking = danaHoldsAnna(dana, day, "15:00");
			desk.screenshot("1-disconnected");
			live.start();
			desk.waitFor("#live[data-state=live]", Duration.ofSeconds(20));
			// the event went by while it was away; reading the day again on reconnecting brings the booking
			desk.waitFor(onTheDesk(booking, "HELD"));
			desk.screenshot("2-reconnected");
		}
	}

	@Test
	void aHoldThatRunsOutShowsAsExpiredOnTheCustomersPageAndLeavesTheFrontDesksCalendar() {
		LocalDate day = wednesday(3);
		try (Browser desk = Browser.open("expiry-desk"); Browser dana = Browser.open("expiry-customer")) {
			frontDeskOn(desk, day);
			String booking = danaHoldsAnna(dana, day, "14:00");
			desk.waitFor(onTheDesk(booking, "HELD"));

			dana.waitFor("#hold[data-status=EXPIRED]", Duration.ofSeconds(HOLD_SECONDS + 30));
			assertThat(dana.text("#hold-status")).contains("Expired");
			dana.screenshot("expired");
			desk.waitFor("#activity li[data-type=HoldExpired][data-booking='" + booking + "']");
			assertThat(desk.has(".booking[data-booking='" + booking + "']")).isFalse();
			desk.screenshot("expired");
			assertThat(status(UUID.fromString(booking))).isEqualTo("EXPIRED");
			// and the time is free again: offered on the customer's page once more
			dana.waitFor(slot(ANNA, day, "14:00"));
		}
	}

	@Test
	void aCoupleIsHeldAndConfirmedAsOneBookingSessionWithTwoTherapists() {
		LocalDate day = wednesday(4);
		try (Browser dana = Browser.open("couple")) {
			dana.get(pages + "/");
			dana.signIn(LocalIssuer.DANA);
			dana.find("#couples").click();
			search(dana, day, "");
			dana.click(".slot.couple[data-start^='" + day + "T15:00']");
			dana.waitFor("#hold[data-status=HELD]");
			UUID session = UUID.fromString(dana.find("#hold").getDomAttribute("data-id"));
			dana.click("#confirm");
			dana.waitFor("#hold[data-status=CONFIRMED]");
			dana.screenshot("confirmed");
			List<Map<String, Object>> items = jdbc.sql("SELECT therapist_id, status FROM bookings WHERE session_id = ?")
				.param(session).query().listOfRows();
			assertThat(items).hasSize(2).allSatisfy(item -> assertThat(item.get("status")).isEqualTo("CONFIRMED"));
			assertThat(items.get(0).get("therapist_id")).isNotEqualTo(items.get(1).get("therapist_id"));
			// the customer cancels both from "my bookings", in one go
			dana.click("#my-bookings li[data-session='" + session + "'] .cancel");
			await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
					"SELECT count(*) FROM bookings WHERE session_id = ? AND status = 'CANCELLED'").param(session)
				.query(Integer.class).single() == 2);
		}
	}

	@Test
	void theFrontDeskBooksAWalkInWhoAppearsOnTheCalendarConfirmed() {
		LocalDate day = wednesday(5);
		try (Browser desk = Browser.open("walk-in")) {
			frontDeskOn(desk, day);
			String email = "walk-in-" + UUID.randomUUID() + "@example.com";
			desk.find("#walk-in-name").sendKeys("Wanda Walk-In");
			desk.find("#walk-in-email").sendKeys(email);
			desk.set("#walk-in-service", SWEDISH_MASSAGE);
			desk.set("#walk-in-therapist", BEN_ORTIZ);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> desk.has("#walk-in-start option[value^='" + day + "T12:00']"));
			desk.set("#walk-in-start", (String) desk.script(
					"return document.querySelector(arguments[0]).value", "#walk-in-start option[value^='" + day + "T12:00']"));
			desk.click("#walk-in button[type=submit]");
			desk.waitFor("#walk-in-message .done");
			assertThat(desk.text("#walk-in-message")).contains("Wanda Walk-In", "Ben Ortiz", "12:00");
			UUID booking = jdbc.sql("""
					SELECT b.id FROM bookings b JOIN customers c ON c.id = b.customer_id
					 WHERE c.email = ? AND b.status = 'CONFIRMED'""").param(email).query(UUID.class).single();
			desk.waitFor(onTheDesk(booking, "CONFIRMED"));
			desk.screenshot("booked");
		}
	}

	@Test
	void theCustomerPageFitsAPhoneScreenWithoutScrollingSideways() {
		try (Browser phone = Browser.phone("phone")) {
			phone.get(pages + "/");
			phone.signIn(LocalIssuer.DANA);
			search(phone, wednesday(6), ANNA);
			phone.screenshot("free-times");
			assertThat((Long) phone.script("return document.documentElement.scrollWidth"))
				.isLessThanOrEqualTo((Long) phone.script("return window.innerWidth"));
		}
	}

	@Test
	void aReleasedTimeCanBeHeldAgainAtOnce() {
		LocalDate day = wednesday(8);
		try (Browser dana = Browser.open("hold-again")) {
			String first = danaHoldsAnna(dana, day, "09:00");
			dana.click("#release");
			dana.waitFor("#hold[data-status=RELEASED]");
			assertThat(status(UUID.fromString(first))).isEqualTo("RELEASED");
			// the same time asked for again is a new request, not the first one answered again
			dana.click(slot(ANNA, day, "09:00"));
			dana.waitFor("#hold[data-status=HELD]");
			String again = dana.find("#hold").getDomAttribute("data-id");
			assertThat(again).isNotEqualTo(first);
			assertThat(status(UUID.fromString(again))).isEqualTo("HELD");
		}
	}

	@Test
	void bothPagesPassAxesWcag21AAChecksForContrastLabelsAndNames() {
		LocalDate day = wednesday(7);
		try (Browser dana = Browser.open("accessibility-customer"); Browser desk = Browser.open("accessibility-desk")) {
			dana.get(pages + "/");
			assertThat(dana.accessibilityViolations()).as("signed out").isEmpty();
			danaHoldsAnna(dana, day, "16:00");
			assertThat(dana.accessibilityViolations()).as("a hold counting down").isEmpty();

			frontDeskOn(desk, day);
			desk.waitFor(".booking[data-status=HELD]");
			assertThat(desk.accessibilityViolations()).as("the day view with a hold").isEmpty();
		}
	}

	@Test
	void aVisitorBrowsesTreatmentsAndFreeTimesWithoutSigningInAndIsAskedToSignInToHoldOne() {
		LocalDate day = wednesday(10);
		try (Browser visitor = Browser.open("visitor")) {
			visitor.get(pages + "/");
			// the treatments and the free times, with nobody signed in
			search(visitor, day, ANNA);
			assertThat(visitor.has("#who")).isFalse();
			assertThat(visitor.all("#service option")).hasSizeGreaterThan(1);
			visitor.screenshot("1-free-times-signed-out");

			visitor.click(slot(ANNA, day, "10:00"));
			visitor.waitFor("#sign-in-needed");
			assertThat(visitor.text("#sign-in-needed")).contains("Sign in to hold Anna Berg at 10:00");
			assertThat(visitor.script("return document.activeElement.id")).isEqualTo("sign-in-to-continue");
			// nothing is held before the customer is known
			assertThat(activeBookingsAt(ANNA, day, "10:00")).isEmpty();
			visitor.screenshot("2-asked-to-sign-in");
			assertThat(visitor.accessibilityViolations()).as("signed out, asked to sign in").isEmpty();

			visitor.signIn(LocalIssuer.DANA, "#sign-in-to-continue");
			// back on the page with the search as it was, the time chosen is held for her
			visitor.waitFor("#hold[data-status=HELD]");
			assertThat(visitor.text("#hold-when")).contains("10:00");
			assertThat(visitor.find("#date").getDomProperty("value")).isEqualTo(day.toString());
			visitor.screenshot("3-held-after-signing-in");
			UUID booking = UUID.fromString(visitor.find("#hold").getDomAttribute("data-id"));
			assertThat(activeBookingsAt(ANNA, day, "10:00")).containsExactly(booking);
			assertThat(jdbc.sql("SELECT customer_id FROM bookings WHERE id = ?").param(booking).query(UUID.class).single())
				.isEqualTo(LocalIssuer.DANA.customerId());
		}
	}

	@Test
	void aVisitorWhoJoinsTheWaitlistIsAskedToSignInAndIsOnItOnComingBack() {
		LocalDate day = wednesday(14);
		try (Browser visitor = Browser.open("visitor-waitlist")) {
			visitor.get(pages + "/");
			search(visitor, day, "");
			visitor.set("#wait-earliest", "14:00");
			visitor.set("#wait-latest", "15:30");
			visitor.click("#join-waitlist");
			visitor.waitFor("#waitlist-message #sign-in-needed");
			assertThat(visitor.text("#sign-in-needed")).contains("Sign in to join the waitlist");

			visitor.signIn(LocalIssuer.DANA, "#sign-in-to-continue");
			// back on the page, she is on the waitlist she chose
			String entry = visitor.waitFor("#joined").getDomAttribute("data-entry");
			visitor.waitFor(onTheWaitlist("#my-waitlist", entry, "WAITING"));
			assertThat(visitor.text("#my-waitlist li[data-entry='" + entry + "']")).contains("14:00", "15:30", "any therapist");
			visitor.screenshot("on-the-waitlist");
			assertThat(jdbc.sql("""
					SELECT customer_id FROM waitlist_entries
					 WHERE id = ?::uuid AND day = ?::date AND status = 'WAITING' AND therapist_id IS NULL""")
				.params(entry, day.toString()).query(UUID.class).single()).isEqualTo(LocalIssuer.DANA.customerId());
		}
	}

	@Test
	void aCustomerJoinsTheWaitlistOfAFullDayIsOfferedTheTimeAnotherCancelsAndConfirmsItWhileTheFrontDeskWatches() {
		LocalDate day = wednesday(11);
		annaIsFreeOnlyBetween(day, "10:00", "11:15");
		try (Browser desk = Browser.open("waitlist-desk"); Browser ben = Browser.open("waitlist-ben");
				Browser dana = Browser.open("waitlist-dana")) {
			frontDeskOn(desk, day);
			// Ben books the one time Anna has that day
			ben.get(pages + "/");
			ben.signIn(LocalIssuer.BEN);
			search(ben, day, ANNA);
			ben.click(slot(ANNA, day, "10:00"));
			ben.waitFor("#hold[data-status=HELD]");
			String bens = ben.find("#hold").getDomAttribute("data-id");
			ben.click("#confirm");
			ben.waitFor("#hold[data-status=CONFIRMED]");

			// Dana finds the day full, and the page offers the waitlist
			dana.get(pages + "/");
			dana.signIn(LocalIssuer.DANA);
			searchWithoutWaiting(dana, day, ANNA);
			dana.waitFor("#waitlist[data-full=true]");
			assertThat(dana.text("#times")).contains("No free times");
			assertThat(dana.text("#waitlist-why")).startsWith("No free time that day.");
			assertThat(dana.find("#wait-therapist").getDomProperty("value")).isEqualTo(ANNA);
			dana.set("#wait-earliest", "09:00");
			dana.set("#wait-latest", "12:00");
			dana.click("#join-waitlist");
			String entry = dana.waitFor("#joined").getDomAttribute("data-entry");
			dana.waitFor(onTheWaitlist("#my-waitlist", entry, "WAITING"));
			dana.screenshot("1-waiting");
			desk.waitFor(onTheWaitlist("#waitlist", entry, "WAITING"));
			assertThat(desk.text("#waitlist li[data-entry='" + entry + "']")).contains("09:00–12:00", "Anna Berg", "Dana Demo");
			desk.screenshot("1-waiting");

			// Ben cancels: the time is held for Dana in the same step, and her page shows the offer without reloading
			dana.script("window.stillTheSamePage = true");
			ben.click("#my-bookings li[data-booking='" + bens + "'] .cancel");
			dana.waitFor(onTheWaitlist("#my-waitlist", entry, "OFFERED"), Duration.ofSeconds(20));
			assertThat(dana.script("return window.stillTheSamePage")).isEqualTo(true);
			String offer = dana.text("#my-waitlist li[data-entry='" + entry + "']");
			assertThat(offer).contains("10:00–11:00 with Anna Berg", "Confirm it within");
			String first = dana.text(".offer-countdown");
			assertThat(first).matches("1?\\d:[0-5]\\d");
			await().atMost(Duration.ofSeconds(5)).until(() -> !dana.text(".offer-countdown").equals(first));
			assertThat(dana.text("#offer-news")).contains("held for you");
			dana.script("document.getElementById('mine').scrollIntoView()");
			dana.screenshot("2-offered");
			assertThat(dana.accessibilityViolations()).as("an offer counting down").isEmpty();
			UUID offered = UUID.fromString(dana.find("#my-waitlist li[data-entry='" + entry + "']").getDomAttribute("data-booking"));
			assertThat(status(offered)).isEqualTo("HELD");
			desk.waitFor(onTheWaitlist("#waitlist", entry, "OFFERED"));
			assertThat(desk.text("#waitlist li[data-entry='" + entry + "']")).contains("Anna Berg at 10:00");
			desk.waitFor("#activity li[data-type=WaitlistOffered][data-booking='" + offered + "']");
			desk.waitFor(onTheDesk(offered, "HELD"));
			desk.script("document.getElementById('waitlist').scrollIntoView()");
			desk.screenshot("2-offered");
			assertThat(desk.accessibilityViolations()).as("the day's waitlist with an offer").isEmpty();

			dana.click("#my-waitlist li[data-entry='" + entry + "'] .confirm-offer");
			dana.waitFor(onTheWaitlist("#my-waitlist", entry, "BOOKED"));
			dana.waitFor("#my-bookings li[data-booking='" + offered + "'][data-status=CONFIRMED]");
			dana.screenshot("3-booked");
			assertThat(status(offered)).isEqualTo("CONFIRMED");
			assertThat(activeBookingsAt(ANNA, day, "10:00")).containsExactly(offered);
			assertThat(jdbc.sql("SELECT customer_id FROM bookings WHERE id = ?").param(offered).query(UUID.class).single())
				.isEqualTo(LocalIssuer.DANA.customerId());
			desk.waitFor(onTheWaitlist("#waitlist", entry, "BOOKED"));
			desk.waitFor(onTheDesk(offered, "CONFIRMED"));
			desk.screenshot("3-booked");
		}
	}

	@Test
	void aCustomerLeavesTheWaitlistFromMyBookings() {
		LocalDate day = wednesday(12);
		try (Browser dana = Browser.open("waitlist-leave")) {
			dana.get(pages + "/");
			dana.signIn(LocalIssuer.DANA);
			search(dana, day, "");
			// times are free, but none suits her: she waits for one in the afternoon with any therapist
			assertThat(dana.find("#waitlist").getDomAttribute("data-full")).isEqualTo("false");
			dana.set("#wait-earliest", "15:00");
			dana.set("#wait-latest", "16:00");
			dana.click("#join-waitlist");
			String entry = dana.waitFor("#joined").getDomAttribute("data-entry");
			dana.waitFor(onTheWaitlist("#my-waitlist", entry, "WAITING"));
			assertThat(dana.text("#my-waitlist li[data-entry='" + entry + "']")).contains("15:00", "16:00", "any therapist");

			dana.click("#my-waitlist li[data-entry='" + entry + "'] .leave");
			dana.waitFor(onTheWaitlist("#my-waitlist", entry, "LEFT"));
			assertThat(jdbc.sql("SELECT status FROM waitlist_entries WHERE id = ?::uuid").param(entry)
				.query(String.class).single()).isEqualTo("LEFT");
		}
	}

	@Test
	void theFrontDeskPutsACustomerOnThePhoneOnTheDaysWaitlist() {
		LocalDate day = wednesday(13);
		try (Browser desk = Browser.open("waitlist-phone")) {
			frontDeskOn(desk, day);
			desk.find("#wait-customer").sendKeys(LocalIssuer.BEN.customerId().toString());
			desk.set("#wait-service", SWEDISH_MASSAGE);
			desk.set("#wait-therapist", "");
			desk.set("#wait-earliest", "13:00");
			desk.set("#wait-latest", "15:00");
			desk.click("#wait-add button[type=submit]");
			String entry = desk.waitFor("#wait-add-message .done").getDomAttribute("data-entry");
			assertThat(desk.text("#wait-add-message")).contains("Ben Demo", "13:00", "15:00");
			desk.waitFor(onTheWaitlist("#waitlist", entry, "WAITING"));
			assertThat(desk.text("#waitlist li[data-entry='" + entry + "']")).contains("13:00–15:00", "any therapist", "Ben Demo");
			desk.waitFor("#activity li[data-type=WaitlistJoined][data-entry='" + entry + "']");
			desk.screenshot("added");
			assertThat(jdbc.sql("SELECT customer_id FROM waitlist_entries WHERE id = ?::uuid AND status = 'WAITING' AND therapist_id IS NULL")
				.param(entry).query(UUID.class).single()).isEqualTo(LocalIssuer.BEN.customerId());
		}
	}

	/** The front desk signed in, on the day, its live feed open. */
	private static void frontDeskOn(Browser desk, LocalDate day) {
		desk.get(pages + "/front-desk");
		desk.signIn(LocalIssuer.DESK);
		desk.set("#day", day.toString());
		desk.waitFor("#live[data-state=live]");
	}

	/** Dana signed in (if she is not yet), holding a Swedish massage with Anna: the booking's ID, once she sees it held. */
	private static String danaHoldsAnna(Browser dana, LocalDate day, String time) {
		if (!dana.has("#who")) {
			dana.get(pages + "/");
			dana.signIn(LocalIssuer.DANA);
		}
		search(dana, day, ANNA);
		dana.click(slot(ANNA, day, time));
		dana.waitFor("#hold[data-status=HELD]");
		return dana.find("#hold").getDomAttribute("data-id");
	}

	/** Chooses the Swedish massage, the day and the therapist ("" for any) and waits for the free times. */
	private static void search(Browser browser, LocalDate day, String therapist) {
		searchWithoutWaiting(browser, day, therapist);
		// the times of that day: an earlier search's answer may still be on the page
		browser.waitFor("#times .slot[data-start^='" + day + "']");
	}

	private static void searchWithoutWaiting(Browser browser, LocalDate day, String therapist) {
		browser.waitFor("#service option");
		browser.set("#service", SWEDISH_MASSAGE);
		browser.set("#date", day.toString());
		browser.set("#therapist", therapist);
		browser.click("#search button[type=submit]");
	}

	/** Anna is away that day but for [from, until): time enough for one Swedish massage (with its buffer) at most. */
	private static void annaIsFreeOnlyBetween(LocalDate day, String from, String until) {
		jdbc.sql("""
				INSERT INTO time_off (id, therapist_id, during, reason) VALUES
				    (gen_random_uuid(), ?::uuid, tstzrange((?::date)::timestamp AT TIME ZONE 'Europe/Berlin',
				        (?::date + ?::time) AT TIME ZONE 'Europe/Berlin'), 'away in the morning'),
				    (gen_random_uuid(), ?::uuid, tstzrange((?::date + ?::time) AT TIME ZONE 'Europe/Berlin',
				        (?::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'), 'away in the afternoon')""")
			.params(ANNA, day.toString(), day.toString(), from, ANNA, day.toString(), until, day.toString())
			.update();
	}

	/** The waitlist entry in that list (the customer's or the front desk's), in that status. */
	private static String onTheWaitlist(String list, String entry, String status) {
		return list + " li[data-entry='" + entry + "'][data-status=" + status + "]";
	}

	private static String slot(String therapist, LocalDate day, String time) {
		return ".slot[data-therapist='" + therapist + "'][data-start^='" + day + "T" + time + "']";
	}

	/** The booking drawn on the front desk's day view, in that status. */
	private static String onTheDesk(Object booking, String status) {
		return ".booking[data-booking='" + booking + "'][data-status=" + status + "]";
	}

	/** "held", "rejected", or null while the page is still asking. */
	private static String outcome(Browser browser) {
		return browser.has("#hold[data-status=HELD]") ? "held" : browser.has("#problem") ? "rejected" : null;
	}

	/** The therapist's held and confirmed bookings starting at that local time. */
	private static List<UUID> activeBookingsAt(String therapist, LocalDate day, String time) {
		return jdbc.sql("""
				SELECT id FROM bookings WHERE therapist_id = ?::uuid AND status IN ('HELD', 'CONFIRMED')
				   AND starts_at = (?::date + ?::time) AT TIME ZONE 'Europe/Berlin'""")
			.params(therapist, day.toString(), time).query(UUID.class).list();
	}

	private static String status(UUID booking) {
		return jdbc.sql("SELECT status FROM bookings WHERE id = ?").param(booking).query(String.class).single();
	}

	/**
	 * A Wednesday, when Anna, Ben and Eli all give massages, two months ahead and more (past the demo spa's
	 * closures), a week apart per test so that tests never meet.
	 */
	private static LocalDate wednesday(int week) {
		LocalDate day = LocalDate.now(SPA).plusDays(60);
		while (day.getDayOfWeek() != DayOfWeek.WEDNESDAY) {
			day = day.plusDays(1);
		}
		return day.plusWeeks(week);
	}
}
