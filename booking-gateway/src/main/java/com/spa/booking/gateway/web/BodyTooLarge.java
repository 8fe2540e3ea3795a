package com.spa.booking.gateway.web;

import java.io.IOException;

/** A request body of unknown length went past the largest one taken; answered {@code 413}. */
public class BodyTooLarge extends IOException {

	private final long maxBytes;

	public BodyTooLarge(long maxBytes) {
		super("The request body is longer than " + maxBytes + " bytes.");
		this.maxBytes = maxBytes;
	}

	long maxBytes() {
		return maxBytes;
	}
}
