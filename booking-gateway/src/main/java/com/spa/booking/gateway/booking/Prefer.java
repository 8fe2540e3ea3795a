package com.spa.booking.gateway.booking;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.ResponseEntity;

/**
 * The {@code wait} preference of an RFC 7240 {@code Prefer} header: how long the client is willing to wait for the
 * outcome. A preference is a hint, so anything unreadable means "do not wait" and anything too long is capped.
 */
public final class Prefer {

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?", Pattern.CASE_INSENSITIVE);

	public static final String PREFERENCE_APPLIED = "Preference-Applied";

	private Prefer() {
	}

	/**
	 * The answer, saying which wait it was given ({@code Preference-Applied: wait=N}, RFC 7240), when it waited:
	 * the client learns that a {@code 202} came after the wait it asked for, or after a shorter one (the cap).
	 */
	public static <T> ResponseEntity<T> applied(ResponseEntity<T> answer, Duration wait) {
		if (wait.isZero()) {
			return answer;
		}
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.header(PREFERENCE_APPLIED, "wait=" + wait.toSeconds())
			.body(answer.getBody());
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
