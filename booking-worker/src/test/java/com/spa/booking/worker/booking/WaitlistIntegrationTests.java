package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;

import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.CancelBooking;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.ExpireHold;
import com.spa.booking.schemas.RecordNoShow;
import com.spa.booking.schemas.RescheduleBooking;
import com.spa.booking.schemas.CancelSession;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.SessionItem;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.LeaveWaitlist;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.schemas.PlaceHold;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.schemas.Topics;
import com.spa.booking.schemas.WaitlistOfferExpired;
import com.spa.booking.schemas.WaitlistOffered;
import com.spa.booking.schemas.WaitlistStatus;
import com.spa.booking.testing.SharedInfrastructure;
import com.spa.booking.testing.TopicRecorder;
import com.spa.booking.worker.publishing.MessagePublisher;

/**
 * The waitlist in the worker (docs/waitlist.md): a released time goes, in the releasing command's transaction, to the
 * first entry in line that can take it, never to two, and an offer that is not taken passes down the line. The
 * therapists work around the clock; the day is three days ahead, in the spa's zone.
 */
class WaitlistIntegrationTests extends WorkerIntegrationTestSupport {

	static TopicRecorder<SpaEvent> spaEvents;

	@Autowired
	CommandApplier applier;

	@Autowired
	MessagePublisher publisher;

	@Autowired
	StatementGate gate;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	WaitlistGauge gauge;

	ZoneId zone;

	/**
	 * The treatment every entry and booking of a test is for, its own: entries for any therapist that other tests left
	 * waiting on the same day are not in its line.
	 */
	UUID service;

	final LocalDate day = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(3);

	@BeforeAll
	static void recordEveryEvent() {
		spaEvents = TopicRecorder.ofKnown(SharedInfrastructure.kafka().bootstrapServers(), Messages::event,
				Topics.EVENTS);
	}

	@AfterAll
	static void stopRecordingEvents() {
		spaEvents.close();
	}

	@BeforeEach
	void givenATherapist() {
		zone = settings.zone();
		service = givenService();
		givenTherapist(therapist);
	}

	/** A therapist who works around the clock and performs the test's treatment. */
	@Override
	void givenTherapist(UUID id) {
		super.givenTherapist(id);
		jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?)").params(id, service).update();
	}

	@Test
	void aReleasedTimeGoesToTheFirstEntryInLineThatFitsItAndItsConfirmBooksTheEntry() {
		UUID otherTherapist = UUID.randomUUID();
		givenTherapist(otherTherapist);
		UUID serviceNotPerformed = givenService();
		UUID booked = book(newCustomer(), therapist, at("10:00"));
		// in line before the first that fits: another therapist's, a window that misses the time, another service
		UUID forAnotherTherapist = joinOverKafka(newCustomer(), otherTherapist, service, "10:00", "11:00");
		UUID windowMisses = joinOverKafka(newCustomer(), therapist, service, "12:00", "13:00");
		UUID otherService = joinOverKafka(newCustomer(), null, serviceNotPerformed, "10:00", "11:00");
		UUID first = joinOverKafka(newCustomer(), null, service, "10:00", "11:00");
		UUID second = joinOverKafka(newCustomer(), therapist, service, "10:00", "10:00");

		CancelBooking cancel = send(new CancelBooking(UUID.randomUUID(), Instant.now(), booked, therapist,
				Actor.FRONT_DESK));
		assertThat(resultOf(cancel).outcome()).isEqualTo(Outcome.SUCCEEDED);

		assertThat(entryStatus(first)).isEqualTo("OFFERED");
		UUID offer = offeredBooking(first);
		assertThat(jdbc.sql("SELECT status, starts_at = ?, customer_id = (SELECT customer_id FROM waitlist_entries WHERE id = ?), waitlist_entry_id FROM bookings WHERE id = ?")
			.params(at(at("10:00")), first, offer)
			.query((rs, n) -> List.of(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getObject(4)))
			.single()).containsExactly("HELD", true, true, first);
		for (UUID waiting : List.of(forAnotherTherapist, windowMisses, otherService, second)) {
			assertThat(entryStatus(waiting)).as("entry %s", waiting).isEqualTo("WAITING");
		}
		await().untilAsserted(() -> assertThat(spaEvents.records()).filteredOn(WaitlistOffered.class::isInstance)
			.map(WaitlistOffered.class::cast)
			.filteredOn(offered -> offered.entry().entryId().equals(first))
			.singleElement()
			.satisfies(offered -> {
				assertThat(offered.requestId()).isEqualTo(cancel.requestId());
				assertThat(offered.booking().bookingId()).isEqualTo(offer);
				assertThat(offered.booking().localStart()).isEqualTo(day.atTime(10, 0));
				assertThat(offered.entry().zone()).isEqualTo(zone.getId());
				assertThat(offered.entry().localOfferExpiresAt()).isEqualTo(java.time.LocalDateTime
					.ofInstant(cancel.requestedAt().plus(properties.waitlist().offerTtl()), zone)
					.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
			}));

		double taken = offers("taken");
		ConfirmBooking confirm = send(new ConfirmBooking(UUID.randomUUID(), Instant.now(), offer, therapist));

		assertThat(resultOf(confirm).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(entryStatus(first)).isEqualTo("BOOKED");
		assertThat(statusOf(offer)).isEqualTo("CONFIRMED");
		assertThat(offers("taken") - taken).isEqualTo(1);
	}

	@Test
	void theGaugeOfWaitingEntriesIsReadFromTheTablePeriodicallyAndAScrapeAsksTheTableNothing() {
		join(newCustomer(), null, service, "10:00", "11:00");
		gauge.refresh();
		long waiting = count("SELECT count(*) FROM waitlist_entries WHERE status = ?", "WAITING");
		Thread scraper = Thread.currentThread();
		AtomicInteger asked = new AtomicInteger();

		double scraped;
		try (var counting = gate.failWith(at -> Thread.currentThread() == scraper && at.sql().contains("waitlist_entries"),
				() -> {
					asked.incrementAndGet();
					return new TransientDataAccessResourceException("a scrape asked the table");
				})) {
			scraped = meters.get("booking.waitlist.entries.waiting").gauge().value();
		}

		assertThat(scraped).isEqualTo(waiting);
		assertThat(asked).hasValue(0);
	}

	@Test
	void concurrentReleasesOnSeveralTherapistsOfferAnAnyTherapistEntryOnceAndTheOtherTimesToTheNextOrNobody()
			throws Exception {
		List<UUID> therapists = List.of(therapist, UUID.randomUUID(), UUID.randomUUID());
		therapists.stream().skip(1).forEach(this::givenTherapist);
		List<String> times = List.of("10:00", "12:00", "14:00");
		List<UUID> bookings = new ArrayList<>();
		for (int i = 0; i < therapists.size(); i++) {
			bookings.add(book(newCustomer(), therapists.get(i), at(times.get(i))));
		}
		// both for any therapist, any of the three times: without the compare-and-set each could be offered all three
		UUID first = join(newCustomer(), null, service, "10:00", "14:00");
		UUID second = join(newCustomer(), null, service, "10:00", "14:00");

		CyclicBarrier together = new CyclicBarrier(therapists.size());
		List<CompletableFuture<CommandResult>> cancels = new ArrayList<>();
		for (int i = 0; i < therapists.size(); i++) {
			CancelBooking cancel = new CancelBooking(UUID.randomUUID(), Instant.now(), bookings.get(i), therapists.get(i),
					Actor.FRONT_DESK);
			cancels.add(CompletableFuture.supplyAsync(() -> {
				try {
					together.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				// each in a transaction of its own, as the three partitions' consumers would
				return applier.apply(cancel).result();
			}));
		}
		for (CompletableFuture<CommandResult> cancel : cancels) {
			assertThat(cancel.get().outcome()).isEqualTo(Outcome.SUCCEEDED);
		}

		assertThat(count("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?", first)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?", second)).isEqualTo(1);
		assertThat(entryStatus(first)).isEqualTo("OFFERED");
		assertThat(entryStatus(second)).isEqualTo("OFFERED");
		// two of the three times are held for the two entries, the third is free
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE therapist_id = ANY(?) AND status IN ('HELD', 'CONFIRMED')")
			.param(therapists.toArray(UUID[]::new))
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void anEntryWhoseCustomerBookedElsewhereThenIsSkippedAndTheNextGetsTheTime() {
		UUID otherTherapist = UUID.randomUUID();
		givenTherapist(otherTherapist);
		UUID booked = book(newCustomer(), therapist, at("10:00"));
		UUID busyCustomer = newCustomer();
		UUID busy = join(busyCustomer, null, service, "10:00", "10:00");
		UUID next = join(newCustomer(), null, service, "10:00", "10:00");
		// meanwhile the first in line booked another therapist at that very time
		book(busyCustomer, otherTherapist, at("10:00"));

		apply(new CancelBooking(UUID.randomUUID(), Instant.now(), booked, therapist, Actor.FRONT_DESK));

		assertThat(entryStatus(busy)).isEqualTo("WAITING");
		assertThat(entryStatus(next)).isEqualTo("OFFERED");
		assertThat(count("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?", busy)).isZero();
		assertThat(statusOf(offeredBooking(next))).isEqualTo("HELD");
	}

	@Test
	void offersNotConfirmedInTimePassTheTimeDownTheLineUntilNobodyIsLeft() {
		UUID booked = book(newCustomer(), therapist, at("10:00"));
		double made = offers("made");
		double expiredBefore = offers("expired");
		List<UUID> line = List.of(join(newCustomer(), therapist, service, "10:00", "10:00"),
				join(newCustomer(), null, service, "09:30", "10:30"),
				join(newCustomer(), therapist, service, "10:00", "10:00"));
		Instant requested = Instant.now();
		apply(new CancelBooking(UUID.randomUUID(), requested, booked, therapist, Actor.FRONT_DESK));

		for (UUID entry : line) {
			assertThat(entryStatus(entry)).as("offered in its turn").isEqualTo("OFFERED");
			UUID offer = offeredBooking(entry);
			// the sweep's expiry, asked once the offer and its grace ran out
			requested = requested.plus(properties.waitlist().offerTtl()).plus(settings.holdGrace()).plusSeconds(1);
			CommandResult expired = apply(new ExpireHold(UUID.randomUUID(), requested, offer, therapist));
			assertThat(expired.outcome()).isEqualTo(Outcome.SUCCEEDED);
			assertThat(entryStatus(entry)).isEqualTo("OFFER_EXPIRED");
			assertThat(statusOf(offer)).isEqualTo("EXPIRED");
		}

		assertThat(line).allSatisfy(entry -> assertThat(entryStatus(entry)).isEqualTo("OFFER_EXPIRED"));
		assertThat(count("SELECT count(*) FROM bookings WHERE therapist_id = ? AND status IN ('HELD', 'CONFIRMED')",
				therapist)).as("the time stays free").isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ANY(?)")
			.param(line.toArray(UUID[]::new))
			.query(Long.class)
			.single()).as("one offer each").isEqualTo(3);
		assertThat(offers("made") - made).isEqualTo(3);
		assertThat(offers("expired") - expiredBefore).isEqualTo(3);
		await().untilAsserted(() -> assertThat(spaEvents.records()).filteredOn(WaitlistOfferExpired.class::isInstance)
			.map(event -> ((WaitlistOfferExpired) event).entry().entryId())
			.filteredOn(line::contains)
			.containsExactlyInAnyOrderElementsOf(line));
	}

	@Test
	void aFillThatFailsHalfWayLeavesNothingAndTheCommandAppliedAgainOffersEachEntryOnce() {
		UUID longService = givenService(135);
		UUID booked = book(newCustomer(), therapist, longService, at("10:00"));
		// 10:00-12:30 freed: room for two 75-minute offers, 10:00 and 11:15
		UUID first = join(newCustomer(), therapist, service, "10:00", "12:00");
		UUID second = join(newCustomer(), null, service, "10:00", "12:00");
		AtomicInteger failed = new AtomicInteger();
		CancelBooking cancel;
		// the second offer's write fails (the connection lost, the worker gone): the whole transaction rolls back
		try (var dies = gate.failWith(at -> at.startsWith("UPDATE waitlist_entries") && at.mentions(second), () -> {
			failed.incrementAndGet();
			return new TransientDataAccessResourceException("the worker died half way through the fill");
		})) {
			cancel = send(new CancelBooking(UUID.randomUUID(), Instant.now(), booked, therapist, Actor.FRONT_DESK));
			await().until(() -> failed.get() >= 2);
			assertThat(entryStatus(first)).as("the first offer went with the rest").isEqualTo("WAITING");
			assertThat(count("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?", first)).isZero();
			assertThat(statusOf(booked)).isEqualTo("CONFIRMED");
		}

		assertThat(resultOf(cancel).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(resultsFor(cancel.requestId())).extracting(CommandResult::outcome).containsOnly(Outcome.SUCCEEDED);
		assertThat(statusOf(booked)).isEqualTo("CANCELLED");
		assertThat(entryStatus(first)).isEqualTo("OFFERED");
		assertThat(entryStatus(second)).isEqualTo("OFFERED");
		assertThat(count("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?", first)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM bookings WHERE waitlist_entry_id = ?", second)).isEqualTo(1);
		assertThat(jdbc.sql("SELECT string_agg(to_char(starts_at AT TIME ZONE ?, 'HH24:MI'), ',' ORDER BY starts_at) FROM bookings WHERE waitlist_entry_id = ANY(?)")
			.params(zone.getId(), new UUID[] { first, second })
			.query(String.class)
			.single()).as("no freed time lost").isEqualTo("10:00,11:15");
	}

	@Test
	void aCancelledSessionOffersWhatItReleasedOfItsOwnPartitionsTherapistAndLeavesTheOthersFree() {
		UUID otherTherapist = UUID.randomUUID();
		givenTherapist(otherTherapist);
		HoldSession session = new HoldSession(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), newCustomer(),
				therapist, List.of(new SessionItem(UUID.randomUUID(), therapist, service, at("10:00")),
						new SessionItem(UUID.randomUUID(), otherTherapist, service, at("12:00"))));
		assertThat(apply(session).outcome()).isEqualTo(Outcome.SUCCEEDED);
		UUID forTheFirstItem = join(newCustomer(), null, service, "10:00", "10:00");
		UUID forTheOtherItem = join(newCustomer(), null, service, "12:00", "12:00");

		assertThat(apply(new CancelSession(UUID.randomUUID(), Instant.now(), session.sessionId(), therapist)).outcome())
			.isEqualTo(Outcome.SUCCEEDED);

		assertThat(entryStatus(forTheFirstItem)).isEqualTo("OFFERED");
		assertThat(jdbc.sql("SELECT therapist_id FROM bookings WHERE id = ?").param(offeredBooking(forTheFirstItem))
			.query(UUID.class).single()).isEqualTo(therapist);
		// the other therapist's time is that therapist's partition's to hold: it stays free for now
		assertThat(entryStatus(forTheOtherItem)).isEqualTo("WAITING");
		assertThat(count("SELECT count(*) FROM bookings WHERE therapist_id = ? AND status IN ('HELD', 'CONFIRMED')",
				otherTherapist)).isZero();
	}

	@Test
	void withNobodyWaitingAHoldAndItsConfirmAskTheWaitlistNothingAndItsReleaseOneQuery() {
		Thread applying = Thread.currentThread();
		List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
		PlaceHold hold = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), newCustomer(), therapist,
				service, at("10:00"));
		ConfirmBooking confirm = new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist);
		CancelBooking cancel = new CancelBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist,
				Actor.FRONT_DESK);

		List<Integer> askedAfter = new ArrayList<>();
		// counts, never fails: the statements of this thread that name the waitlist
		try (var counting = gate.failWith(at -> {
			if (Thread.currentThread() == applying && at.sql().contains("waitlist_entries")) {
				asked.add(at.sql());
			}
			return false;
		}, () -> new IllegalStateException("never"))) {
			for (BookingCommand command : List.of(hold, confirm, cancel)) {
				assertThat(apply(command).outcome()).isEqualTo(Outcome.SUCCEEDED);
				askedAfter.add(asked.size());
			}
		}

		assertThat(askedAfter).as("statements about the waitlist after the hold, the confirm, the cancel: %s", asked)
			.containsExactly(0, 0, 1);
	}

	@Test
	void aBookingMovedAwayFreesItsOldTimeForTheLine() {
		UUID booked = book(newCustomer(), therapist, at("10:00"));
		UUID waiting = join(newCustomer(), therapist, service, "10:00", "10:00");

		assertThat(apply(new RescheduleBooking(UUID.randomUUID(), Instant.now(), booked, therapist, therapist,
				at("15:00"))).outcome()).isEqualTo(Outcome.SUCCEEDED);

		assertThat(entryStatus(waiting)).isEqualTo("OFFERED");
		assertThat(jdbc.sql("SELECT starts_at = ? FROM bookings WHERE id = ?")
			.params(at(at("10:00")), offeredBooking(waiting)).query(Boolean.class).single()).isTrue();
	}

	@Test
	void aNoShowMarkedBeforeTheEndFreesTheRestOfItsTimeFromTheMarkOn() {
		UUID booked = book(newCustomer(), therapist, at("10:00"));
		UUID tooEarly = join(newCustomer(), therapist, service, "10:00", "10:00");
		UUID fromTheMark = join(newCustomer(), therapist, service, "10:15", "10:15");

		// marked at 10:05, as the front desk would once the customer is late enough
		assertThat(apply(new RecordNoShow(UUID.randomUUID(), at("10:05"), booked, therapist)).outcome())
			.isEqualTo(Outcome.SUCCEEDED);

		assertThat(entryStatus(tooEarly)).as("10:00 had passed when the time was freed").isEqualTo("WAITING");
		assertThat(entryStatus(fromTheMark)).isEqualTo("OFFERED");
		assertThat(statusOf(booked)).isEqualTo("NO_SHOW");
	}

	@Test
	void aCustomerWaitsForAtMostSoManyTimesAtOnce() {
		UUID customer = newCustomer();
		int max = properties.waitlist().maxOpenEntriesPerCustomer();
		List<UUID> entries = new ArrayList<>();
		for (int i = 0; i < max; i++) {
			entries.add(join(customer, null, service, "10:00", "11:00"));
		}

		CommandResult oneTooMany = apply(joinCommand(customer, null, service, "10:00", "11:00"));

		assertThat(oneTooMany.rejection().reason()).isEqualTo(RejectionReason.TOO_MANY_WAITLIST_ENTRIES);
		assertThat(oneTooMany.waitlist()).isNull();
		assertThat(count("SELECT count(*) FROM waitlist_entries WHERE customer_id = ?", customer)).isEqualTo(max);
		apply(new LeaveWaitlist(UUID.randomUUID(), Instant.now(), entries.get(0), customer, Actor.CUSTOMER));
		assertThat(apply(joinCommand(customer, null, service, "10:00", "11:00")).outcome())
			.as("a place freed by leaving").isEqualTo(Outcome.SUCCEEDED);
	}

	@Test
	void aJoinOutsideItsDayOrAlreadyOverIsRejected() {
		UUID customer = newCustomer();
		JoinWaitlist acrossMidnight = new JoinWaitlist(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer,
				service, null, day, at("22:00"), at("22:00").plus(Duration.ofHours(3)), Actor.CUSTOMER);
		JoinWaitlist over = new JoinWaitlist(UUID.randomUUID(), at("12:00"), UUID.randomUUID(), customer,
				service, null, day, at("10:00"), at("11:00"), Actor.CUSTOMER);

		assertThat(apply(acrossMidnight).rejection().reason()).isEqualTo(RejectionReason.INVALID_WAITLIST_WINDOW);
		assertThat(apply(over).rejection().reason()).isEqualTo(RejectionReason.INVALID_WAITLIST_WINDOW);
		assertThat(count("SELECT count(*) FROM waitlist_entries WHERE customer_id = ?", customer)).isZero();
	}

	@Test
	void aWaitingEntryIsLeftAndLeavingItAgainChangesNothing() {
		UUID customer = newCustomer();
		UUID entry = join(customer, null, service, "10:00", "11:00");

		CommandResult left = apply(new LeaveWaitlist(UUID.randomUUID(), Instant.now(), entry, customer, Actor.CUSTOMER));
		CommandResult again = apply(new LeaveWaitlist(UUID.randomUUID(), Instant.now(), entry, customer, null));

		assertThat(left.waitlist().status()).isEqualTo(WaitlistStatus.LEFT);
		assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(again.waitlist().status()).isEqualTo(WaitlistStatus.LEFT);
		assertThat(entryStatus(entry)).isEqualTo("LEFT");
	}

	@Test
	void anOfferedEntryIsNotLeftButDeclinedByCancellingItsHoldWhichPassesTheTimeOn() {
		UUID booked = book(newCustomer(), therapist, at("10:00"));
		UUID customer = newCustomer();
		UUID offered = join(customer, null, service, "10:00", "10:00");
		UUID next = join(newCustomer(), null, service, "10:00", "10:00");
		apply(new CancelBooking(UUID.randomUUID(), Instant.now(), booked, therapist, Actor.FRONT_DESK));

		CommandResult leave = apply(new LeaveWaitlist(UUID.randomUUID(), Instant.now(), offered, customer, null));
		assertThat(leave.rejection().reason()).isEqualTo(RejectionReason.WAITLIST_ENTRY_OFFERED);
		assertThat(leave.waitlist().status()).isEqualTo(WaitlistStatus.OFFERED);

		apply(new CancelBooking(UUID.randomUUID(), Instant.now(), offeredBooking(offered), therapist, Actor.CUSTOMER));

		assertThat(entryStatus(offered)).isEqualTo("OFFER_DECLINED");
		assertThat(entryStatus(next)).isEqualTo("OFFERED");
		CommandResult closed = apply(new LeaveWaitlist(UUID.randomUUID(), Instant.now(), offered, customer, null));
		assertThat(closed.rejection().reason()).isEqualTo(RejectionReason.WAITLIST_ENTRY_CLOSED);
		assertThat(entryStatus(offered)).isEqualTo("OFFER_DECLINED");
	}

	@Test
	void someoneElsesEntryIsNotFound() {
		UUID entry = join(newCustomer(), null, service, "10:00", "11:00");
		UUID stranger = newCustomer();

		CommandResult leave = apply(new LeaveWaitlist(UUID.randomUUID(), Instant.now(), entry, stranger, null));

		assertThat(leave.rejection().reason()).isEqualTo(RejectionReason.WAITLIST_ENTRY_NOT_FOUND);
		assertThat(leave.waitlist()).as("nothing of another's entry is told").isNull();
		assertThat(entryStatus(entry)).isEqualTo("WAITING");
	}

	// what the tests share

	Instant at(String localTime) {
		return day.atTime(LocalTime.parse(localTime)).atZone(settings.zone()).toInstant();
	}

	UUID newCustomer() {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Waiting customer', ?)")
			.params(id, id + "@example.com")
			.update();
		return id;
	}

	/** A service none of the therapists performs yet (60 minutes unless told), with 15 minutes of cleanup. */
	UUID givenService() {
		return givenService(60);
	}

	UUID givenService(int minutes) {
		UUID id = UUID.randomUUID();
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, buffer_minutes, price) VALUES (?, 'Other', ?, 15, 50)")
			.params(id, minutes)
			.update();
		return id;
	}

	UUID book(UUID customer, UUID therapist, Instant start) {
		return book(customer, therapist, service, start);
	}

	/** A confirmed booking, the service taught to the therapist first if need be. */
	UUID book(UUID customer, UUID therapist, UUID service, Instant start) {
		jdbc.sql("INSERT INTO therapist_services (therapist_id, service_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
			.params(therapist, service)
			.update();
		PlaceHold hold = new PlaceHold(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), customer, therapist, service,
				start);
		assertThat(apply(hold).outcome()).isEqualTo(Outcome.SUCCEEDED);
		assertThat(apply(new ConfirmBooking(UUID.randomUUID(), Instant.now(), hold.bookingId(), therapist)).outcome())
			.isEqualTo(Outcome.SUCCEEDED);
		return hold.bookingId();
	}

	JoinWaitlist joinCommand(UUID customer, UUID therapist, UUID service, String earliest, String latest) {
		return JoinWaitlist.requested(customer, service, therapist, day, at(earliest), at(latest), Actor.CUSTOMER,
				Instant.now());
	}

	/** Joins the line, and returns the entry. */
	UUID join(UUID customer, UUID therapist, UUID service, String earliest, String latest) {
		JoinWaitlist join = joinCommand(customer, therapist, service, earliest, latest);
		CommandResult joined = apply(join);
		assertThat(joined.outcome()).as(String.valueOf(joined.rejection())).isEqualTo(Outcome.SUCCEEDED);
		assertThat(joined.waitlist().status()).isEqualTo(WaitlistStatus.WAITING);
		return join.entryId();
	}

	/** As a gateway joins: on the topic, keyed by the customer; its result awaited, so that the line keeps this order. */
	UUID joinOverKafka(UUID customer, UUID therapist, UUID service, String earliest, String latest) {
		JoinWaitlist join = send(joinCommand(customer, therapist, service, earliest, latest));
		assertThat(resultOf(join).outcome()).isEqualTo(Outcome.SUCCEEDED);
		return join.entryId();
	}

	/** Applied in a transaction of its own, and published as the consumer would. */
	CommandResult apply(BookingCommand command) {
		var applied = applier.apply(command);
		publisher.publish(List.of(applied));
		return applied.result();
	}

	double offers(String outcome) {
		return meters.get("booking.waitlist.offers").tag("outcome", outcome).counter().count();
	}

	String entryStatus(UUID entry) {
		return jdbc.sql("SELECT status FROM waitlist_entries WHERE id = ?").param(entry).query(String.class).single();
	}

	UUID offeredBooking(UUID entry) {
		return jdbc.sql("SELECT offered_booking_id FROM waitlist_entries WHERE id = ?").param(entry).query(UUID.class)
			.single();
	}
}
