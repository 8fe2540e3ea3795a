package com.spa.booking.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.spa.booking.schemas.BookingCancelled;
import com.spa.booking.schemas.BookingCompleted;
import com.spa.booking.schemas.BookingConfirmed;
import com.spa.booking.schemas.BookingEvent;
import com.spa.booking.schemas.BookingHeld;
import com.spa.booking.schemas.BookingRejected;
import com.spa.booking.schemas.BookingRescheduled;
import com.spa.booking.schemas.BookingStatus;
import com.spa.booking.schemas.FeeCharged;
import com.spa.booking.schemas.HoldExpired;
import com.spa.booking.schemas.HoldReleased;
import com.spa.booking.schemas.NoShowRecorded;

/**
 * A booking's state as its events tell it, for a consumer that keeps a view of bookings of its own: apply one
 * booking's events in the order of the topic, de-duplicated by event ID, and it ends where the worker's table is. A
 * history that no booking can have (a confirmation undone by an expiry, a step from a state it cannot come from) is
 * rejected, so a test can hold the worker to it.
 */
public final class BookingHistory {

	/** A step a kind of event stands for: from which states, to which one. */
	private record Step(Set<BookingStatus> from, BookingStatus to) {
	}

	private static final Map<Class<? extends BookingEvent>, Step> STEPS = Map.of(
			BookingConfirmed.class, new Step(Set.of(BookingStatus.HELD, BookingStatus.EXPIRED), BookingStatus.CONFIRMED),
			HoldReleased.class, new Step(Set.of(BookingStatus.HELD), BookingStatus.RELEASED),
			HoldExpired.class, new Step(Set.of(BookingStatus.HELD), BookingStatus.EXPIRED),
			BookingCancelled.class, new Step(Set.of(BookingStatus.CONFIRMED), BookingStatus.CANCELLED),
			BookingRescheduled.class, new Step(Set.of(BookingStatus.CONFIRMED), BookingStatus.CONFIRMED),
			BookingCompleted.class, new Step(Set.of(BookingStatus.CONFIRMED), BookingStatus.COMPLETED),
			NoShowRecorded.class, new Step(Set.of(BookingStatus.CONFIRMED), BookingStatus.NO_SHOW));

	private BookingHistory() {
	}

	/**
	 * @param events one booking's events in topic order, without copies; rejections ({@link BookingRejected}) and fees
	 * ({@link FeeCharged}, which follow the change they are for) change nothing and may be among them
	 * @return the state they lead to
	 * @throws IllegalStateException if no booking can have this history
	 */
	public static BookingStatus replay(List<? extends BookingEvent> events) {
		BookingStatus state = null;
		for (BookingEvent event : events) {
			if (event instanceof BookingRejected || event instanceof FeeCharged) {
				continue;
			}
			BookingStatus next = event.booking().status();
			Step step = STEPS.get(event.getClass());
			boolean allowed = event instanceof BookingHeld ? state == null && next == BookingStatus.HELD
					: state != null && step.from().contains(state) && next == step.to();
			if (!allowed) {
				throw new IllegalStateException("No booking goes from " + state + " by " + event.type() + " to " + next
						+ ": " + events.stream().map(BookingEvent::type).toList());
			}
			state = next;
		}
		if (state == null) {
			throw new IllegalStateException("No BookingHeld: " + events.stream().map(BookingEvent::type).toList());
		}
		return state;
	}

}
