package com.spa.booking.schemas;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Marks a confirmed booking NO_SHOW, from its start on, and charges the no-show fee of its policy: the front desk's. */
public record RecordNoShow(UUID requestId, Instant requestedAt, UUID bookingId, UUID therapistId) implements BookingCommand {

	public RecordNoShow {
		Objects.requireNonNull(requestId, "requestId");
		Objects.requireNonNull(requestedAt, "requestedAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(therapistId, "therapistId");
	}
}
