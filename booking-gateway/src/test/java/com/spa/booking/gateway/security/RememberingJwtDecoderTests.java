package com.spa.booking.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class RememberingJwtDecoderTests {

	final Instant now = Instant.parse("2027-03-03T10:00:00Z");

	final AtomicInteger checks = new AtomicInteger();

	/** A decoder that counts its checks and accepts "good-*" tokens, expiring a minute from {@link #now}. */
	final JwtDecoder decoder = token -> {
		checks.incrementAndGet();
		if (!token.startsWith("good")) {
			throw new BadJwtException("not a token we issued");
		}
		return Jwt.withTokenValue(token).header("alg", "RS256").subject("dana").expiresAt(now.plusSeconds(60)).build();
	};

	@Test
	void aTokenCheckedOnceIsNotCheckedAgainWhileItIsValid() {
		var tokens = new RememberingJwtDecoder(decoder, Clock.fixed(now, ZoneOffset.UTC));

		Jwt first = tokens.decode("good-1");
		Jwt again = tokens.decode("good-1");

		assertThat(again).isSameAs(first);
		assertThat(checks).hasValue(1);
		tokens.decode("good-2");
		assertThat(checks).hasValue(2);
	}

	@Test
	void anExpiredTokenIsCheckedAgainAndARejectedOneEveryTime() {
		var tokens = new RememberingJwtDecoder(decoder, Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
		tokens.decode("good-1");

		tokens.decode("good-1");

		assertThat(checks).as("an expired token is not taken from memory").hasValue(2);
		assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
		assertThat(checks).hasValue(4);
	}
}
