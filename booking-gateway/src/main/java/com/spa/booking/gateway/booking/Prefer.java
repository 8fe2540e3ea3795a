package com.spa.booking.gateway.booking;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wait} preference of an RFC 7240 {@code Prefer} header: how long the client is willing to wait for the
 * outcome. A preference is a hint, so anything unreadable means "do not wait" and anything too long is capped.
 */
public final class Prefer {

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?", Pattern.CASE_INSENSITIVE);

	private Prefer() {
	}

	public static Duration waitOf(String header, Duration max) {
		if (header == null) {
			return Duration.ZERO;
		}
		Matcher matcher = WAIT.matcher(header);
		if (!matcher.find()) {
			return Duration.ZERO;
		}
		Duration wanted = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
		return wanted.compareTo(max) > 0 ? max : wanted;
	}
}
