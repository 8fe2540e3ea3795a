package com.spa.booking.schemas;

/** Default topic names; both apps let them be overridden by configuration. */
public final class Topics {

	/** Commands, keyed by therapist ID. */
	public static final String COMMANDS = "booking.commands";

	/** One result per command, keyed by request ID. */
	public static final String RESULTS = "booking.results";

	/** Booking events, keyed by booking ID. */
	public static final String EVENTS = "booking.events";

	private Topics() {
	}
}
