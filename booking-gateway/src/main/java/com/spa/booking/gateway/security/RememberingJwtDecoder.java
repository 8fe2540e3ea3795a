package com.spa.booking.gateway.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A token checked once is not checked again until it expires: a caller sends the same bearer token with every
 * request, and checking it (its signature with the identity provider's public key, its claims) cost every request
 * more than anything else the gateway does for it before the worker. Spring Security's decoder checks a token the
 * first time it is seen; after that it is taken from here while it has not expired, for at most
 * {@link #REMEMBERED_FOR} (so that a signing key the identity provider withdrew stops being honoured within that
 * time, as with the decoder's own cache of the provider's keys).
 */
final class RememberingJwtDecoder implements JwtDecoder {

	static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

	private final JwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> checked = Caffeine.newBuilder()
		.maximumSize(50_000)
		.expireAfterWrite(REMEMBERED_FOR)
		.build();

	RememberingJwtDecoder(JwtDecoder decoder, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) {
		Jwt known = checked.getIfPresent(token);
		if (known != null && (known.getExpiresAt() == null || clock.instant().isBefore(known.getExpiresAt()))) {
			return known;
		}
		Jwt decoded = decoder.decode(token);
		checked.put(token, decoded);
		return decoded;
	}

	/** Whichever decoder the application has (Spring Boot's, from the issuer's metadata), remembering what it checked. */
	static BeanPostProcessor rememberingDecoders(Clock clock) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return bean instanceof JwtDecoder decoder && !(bean instanceof RememberingJwtDecoder)
						? new RememberingJwtDecoder(decoder, clock) : bean;
			}
		};
	}
}
