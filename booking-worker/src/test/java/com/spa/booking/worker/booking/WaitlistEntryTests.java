package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.JoinWaitlist;
import com.spa.booking.schemas.RejectionReason;
import com.spa.booking.schemas.WaitlistStatus;
import com.spa.booking.worker.booking.SeenBookings.Stretch;

class WaitlistEntryTests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final SpaCalendar CALENDAR = new SpaCalendar(BERLIN, Duration.ofMinutes(15));

	static final LocalDate DAY = LocalDate.parse("2030-06-03");

	/** 60 minutes and 15 of cleanup. */
	static final Duration BUSY = Duration.ofMinutes(75);

	final WaitlistEntry waiting = WaitlistEntry.joined(new JoinWaitlist(UUID.randomUUID(), local("08:00"),
			UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, DAY, local("10:00"), local("12:00"),
			Actor.CUSTOMER));

	final UUID hold = UUID.randomUUID();

	final WaitlistEntry offered = waiting.offer(hold, local("09:15"));

	static Instant local(String time) {
		return LocalDateTime.of(DAY, java.time.LocalTime.parse(time)).atZone(BERLIN).toInstant();
	}

	@Test
	void aWaitingEntryLeavesAndLeavingAgainChangesNothing() {
		WaitlistEntry left = waiting.leave();

		assertThat(left.status()).isEqualTo(WaitlistStatus.LEFT);
		assertThat(left.leave()).isSameAs(left);
	}

	@Test
	void anOfferedEntryIsNotLeftButItsHoldCancelled() {
		assertThatThrownBy(offered::leave).isInstanceOfSatisfying(CommandRejected.class,
				rejected -> assertThat(rejected.rejection().reason()).isEqualTo(RejectionReason.WAITLIST_ENTRY_OFFERED));
	}

	@Test
	void aClosedEntryCannotBeLeft() {
		WaitlistEntry booked = offered.offeredHoldBecame(hold, BookingStatus.CONFIRMED);

		assertThatThrownBy(booked::leave).isInstanceOfSatisfying(CommandRejected.class,
				rejected -> assertThat(rejected.rejection().reason()).isEqualTo(RejectionReason.WAITLIST_ENTRY_CLOSED));
	}

	@Test
	void anOfferNamesItsHoldAndItsExpiry() {
		assertThat(offered.status()).isEqualTo(WaitlistStatus.OFFERED);
		assertThat(offered.offeredBookingId()).isEqualTo(hold);
		assertThat(offered.offerExpiresAt()).isEqualTo(local("09:15"));
		assertThat(offered.isOpen()).isTrue();
	}

	@Test
	void onlyAWaitingEntryIsOfferedATime() {
		assertThatThrownBy(() -> offered.offer(UUID.randomUUID(), local("09:30")))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> waiting.leave().offer(UUID.randomUUID(), local("09:30")))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void whatBecomesOfTheOfferedHoldDecidesWhatBecomesOfTheEntry() {
		assertThat(offered.offeredHoldBecame(hold, BookingStatus.CONFIRMED).status()).isEqualTo(WaitlistStatus.BOOKED);
		assertThat(offered.offeredHoldBecame(hold, BookingStatus.EXPIRED).status())
			.isEqualTo(WaitlistStatus.OFFER_EXPIRED);
		assertThat(offered.offeredHoldBecame(hold, BookingStatus.RELEASED).status())
			.isEqualTo(WaitlistStatus.OFFER_DECLINED);
		assertThat(offered.offeredHoldBecame(hold, BookingStatus.EXPIRED).isOpen()).isFalse();
	}

	@Test
	void anotherHoldOrAnEntryNoLongerOfferedIsNoChange() {
		assertThat(offered.offeredHoldBecame(UUID.randomUUID(), BookingStatus.CONFIRMED)).isSameAs(offered);
		WaitlistEntry expired = offered.offeredHoldBecame(hold, BookingStatus.EXPIRED);
		// a late confirm of the expired offer books the time but leaves the entry as it ended
		assertThat(expired.offeredHoldBecame(hold, BookingStatus.CONFIRMED)).isSameAs(expired);
	}

	@Test
	void theStartsOfferedAreOnTheGridInTheWindowAndOverlapTheFreedTime() {
		// 10:30-11:45 freed; the window is 10:00-12:00: a 75-minute treatment overlaps it from 09:15+ to before 11:45
		List<Instant> starts = waiting.startsOverlapping(CALENDAR, BUSY, local("10:30"), local("11:45"));

		assertThat(starts).containsExactly(local("10:00"), local("10:15"), local("10:30"), local("10:45"),
				local("11:00"), local("11:15"), local("11:30"));
	}

	@Test
	void noStartTouchesAFreedTimeThatOnlyMeetsTheTreatment() {
		// freed 09:00-09:45: the earliest start, 10:00, begins after it ends
		assertThat(waiting.startsOverlapping(CALENDAR, BUSY, local("09:00"), local("09:45"))).isEmpty();
		// freed from 13:15: the latest start, 12:00, keeps the therapist busy until 13:15 and no longer
		assertThat(waiting.startsOverlapping(CALENDAR, BUSY, local("13:15"), local("14:00"))).isEmpty();
		// freed from 13:00: 11:45 ends just as it begins; 12:00 runs into it, and nothing after the window is offered
		assertThat(waiting.startsOverlapping(CALENDAR, BUSY, local("13:00"), local("14:00")))
			.containsExactly(local("12:00"));
	}

	@Test
	void aFreedTimeOffTheGridStillGivesStartsOnTheGrid() {
		List<Instant> starts = waiting.startsOverlapping(CALENDAR, Duration.ofMinutes(10), local("10:07"),
				local("10:20"));

		assertThat(starts).containsExactly(local("10:00"), local("10:15"));
	}

	@Test
	void aTakenStretchIsCutOutOfTheFreeTime() {
		Stretch free = new Stretch(local("10:00"), local("12:00"));

		assertThat(WaitlistFiller.without(List.of(free), local("10:30"), local("11:00")))
			.containsExactly(new Stretch(local("10:00"), local("10:30")), new Stretch(local("11:00"), local("12:00")));
		assertThat(WaitlistFiller.without(List.of(free), local("09:00"), local("12:30"))).isEmpty();
		assertThat(WaitlistFiller.without(List.of(free), local("12:00"), local("13:00"))).containsExactly(free);
	}

	@Test
	void anOfferLastsItsTimeToLiveButNeverBeyondTheTreatmentsStart() {
		Instant offeredAt = Instant.parse("2030-06-03T08:00:00.123456789Z");
		Duration ttl = Duration.ofMinutes(15);

		assertThat(WaitlistFiller.offerExpiry(offeredAt, ttl, offeredAt.plus(Duration.ofHours(2))))
			.isEqualTo(Instant.parse("2030-06-03T08:15:00.123456Z"));
		assertThat(WaitlistFiller.offerExpiry(offeredAt, ttl, Instant.parse("2030-06-03T08:10:00Z")))
			.isEqualTo(Instant.parse("2030-06-03T08:10:00Z"));
	}
}
