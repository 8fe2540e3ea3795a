package com.spa.booking.gateway.security;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.spa.booking.gateway.GatewayProperties;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A token bucket per caller (the token's subject; without a token, the client's address): beyond its burst, a caller
 * gets its requests back at the sustained rate, and the rest are answered {@code 429} with {@code Retry-After}. Each
 * caller has a bucket of its own, taken without a lock, so one noisy caller never slows the others. Buckets of callers
 * gone quiet are forgotten, so memory stays bounded.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private final Cache<String, Bucket> buckets;

	private final GatewayProperties.RateLimit settings;

	RateLimitFilter(GatewayProperties.RateLimit settings, ProblemResponses problems) {
		this.settings = settings;
		this.problems = problems;
		this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();
	}

	private final ProblemResponses problems;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Caller caller = Caller.of(SecurityContextHolder.getContext().getAuthentication());
		boolean anonymous = caller.subject() == null;
		String key = anonymous ? "address:" + request.getRemoteAddr() : "subject:" + caller.subject();
		Bucket bucket = buckets.get(key, k -> anonymous ? bucket(settings.anonymousBurst(), settings.anonymousPerSecond())
				: bucket(settings.burst(), settings.perSecond()));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
			problems.tooManyRequests(response, seconds);
			return;
		}
		chain.doFilter(request, response);
	}

	private static Bucket bucket(int burst, int perSecond) {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
			.build();
	}
}
