package com.spa.booking.schemas;

/** The final state of a request. */
public enum Outcome {
	SUCCEEDED, REJECTED, FAILED
}
