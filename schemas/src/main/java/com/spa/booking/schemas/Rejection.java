package com.spa.booking.schemas;

import java.util.Objects;

/** Why a command was rejected, as a stable code and a sentence for people. */
public record Rejection(RejectionReason reason, String detail) {

	public Rejection {
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(detail, "detail");
	}
}
