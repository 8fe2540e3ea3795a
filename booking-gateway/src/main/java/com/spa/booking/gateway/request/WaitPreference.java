package com.spa.booking.gateway.request;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.ResponseEntity;

/**
 * The {@code wait} preference of an RFC 7240 {@code Prefer} header: how long the client is willing to wait for the
 * outcome. A preference is a hint, so anything unreadable means "do not wait" and anything too long is capped. A
 * controller method takes it as a parameter ({@link RequestArguments}).
 *
 * @param duration how long to wait for the outcome; zero to answer at once
 */
public record WaitPreference(Duration duration) {

	public static final String HEADER = "Prefer";

	public static final String PREFERENCE_APPLIED = "Preference-Applied";

	public static final WaitPreference NONE = new WaitPreference(Duration.ZERO);

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?", Pattern.CASE_INSENSITIVE);

	/** @param header null when the request has none */
	static WaitPreference of(String header, Duration max) {
		if (header == null) {
			return NONE;
		}
		Matcher matcher = WAIT.matcher(header);
		if (!matcher.find()) {
			return NONE;
		}
		Duration wanted = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
		return new WaitPreference(wanted.compareTo(max) > 0 ? max : wanted);
	}

	/**
	 * The answer, saying which wait it was given ({@code Preference-Applied: wait=N}, RFC 7240), when it waited:
	 * the client learns that a {@code 202} came after the wait it asked for, or after a shorter one (the cap).
	 */
	<T> ResponseEntity<T> applied(ResponseEntity<T> answer) {
		if (duration.isZero()) {
			return answer;
		}
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.header(PREFERENCE_APPLIED, "wait=" + duration.toSeconds())
			.body(answer.getBody());
	}
}
