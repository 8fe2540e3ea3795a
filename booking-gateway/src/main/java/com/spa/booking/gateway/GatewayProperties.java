package com.spa.booking.gateway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings. Those the worker must agree on (zone, slot grid, hold grace, horizon, topics) are
 * {@link com.spa.booking.support.SharedSettings}, bound from the same {@code booking.*} properties.
 */
@ConfigurationProperties("booking")
public record GatewayProperties(
		@DefaultValue RequestLimits gateway,
		@DefaultValue Retention retention,
		@DefaultValue Security security,
		@DefaultValue ListingLimits listing,
		@DefaultValue Live live,
		@DefaultValue Pages pages) {

	/**
	 * @param requests how long the gateway remembers a request and its Idempotency-Key; keep it no longer than the
	 * worker's {@code booking.retention.processed-commands}
	 */
	public record Retention(@DefaultValue("30d") Duration requests, @DefaultValue("1h") Duration sweepInterval) {
	}

	/**
	 * @param maxWait the longest {@code Prefer: wait=N} honoured
	 * @param publishTimeout how long a request may wait for Kafka to take its command before it gets a 503
	 * @param maxWaitingRequests beyond this many waiting requests, new ones are answered 202 at once: memory stays
	 * bounded however slow the results are
	 * @param maxInFlight at most this many commands of this gateway on their way (published, not yet answered); beyond
	 * that a request is shed at once with 503 and Retry-After, so that an overload makes no queue longer than this
	 * @param inFlightTimeout a command without an answer after this long no longer counts as on its way
	 */
	public record RequestLimits(
			@DefaultValue("30s") Duration maxWait,
			@DefaultValue("6s") Duration publishTimeout,
			@DefaultValue("10000") int maxWaitingRequests,
			@DefaultValue("200") int maxInFlight,
			@DefaultValue("60s") Duration inFlightTimeout) {
	}

	/**
	 * The lists that may grow are answered a stretch at a time ({@code booking.listing.*}).
	 *
	 * @param defaultLimit items per answer when the client does not ask for a number ({@code limit})
	 * @param maxLimit the most items per answer a client may ask for
	 */
	public record ListingLimits(@DefaultValue("50") int defaultLimit, @DefaultValue("200") int maxLimit) {

		public ListingLimits {
			if (defaultLimit < 1 || maxLimit < defaultLimit) {
				throw new IllegalArgumentException("booking.listing: need 1 <= default-limit <= max-limit");
			}
		}
	}

	/**
	 * The live feed of booking events ({@code GET /api/v1/booking-events}) that the front-desk page listens to.
	 *
	 * @param heartbeat how often an idle stream gets a comment, so that proxies keep it open and a client that went
	 * away is noticed
	 * @param maxStreams at most this many open streams per gateway; one more is answered 503
	 * @param maxStreamsPerCaller at most this many of one caller (one token's subject), so that one cannot take them all
	 * @param writerThreads the threads that write to the streams (a browser that reads slowly holds one up)
	 */
	public record Live(@DefaultValue("20s") Duration heartbeat, @DefaultValue("200") int maxStreams,
			@DefaultValue("5") int maxStreamsPerCaller, @DefaultValue("8") int writerThreads) {
	}

	/**
	 * How the pages ({@code /} and {@code /front-desk}) sign in ({@code booking.pages.*}): the authorization code flow
	 * with PKCE, as a public client of the spa's identity provider.
	 *
	 * @param clientId the pages' client at the identity provider
	 * @param issuerUri the identity provider; by default the issuer whose tokens the API accepts
	 * @param scope what the pages ask for
	 * @param connectOrigins origins besides the gateway and the issuer that the pages' scripts may call: those of an
	 * identity provider whose token or user-info endpoint lies elsewhere than its issuer URI
	 */
	public record Pages(@DefaultValue("spa-pages") String clientId, String issuerUri,
			@DefaultValue("openid profile") String scope, @DefaultValue List<String> connectOrigins) {

		public Pages {
			connectOrigins = connectOrigins == null ? List.of() : List.copyOf(connectOrigins);
		}
	}

	/**
	 * @param corsOrigins the web origins whose pages may call this API from a browser; none by default
	 * @param maxBodySize the largest request body taken; a larger one is answered 413
	 * @param rateLimit how many requests one caller may make
	 */
	public record Security(
			@DefaultValue List<String> corsOrigins,
			@DefaultValue("16KB") DataSize maxBodySize,
			@DefaultValue RateLimit rateLimit) {

		public Security {
			corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
		}
	}

	/**
	 * A token bucket per caller: {@code burst} requests at once, then {@code perSecond} a second.
	 *
	 * @param burst for a caller with a token (by its subject)
	 * @param perSecond for a caller with a token
	 * @param anonymousBurst for requests without a token (by the client's address)
	 * @param anonymousPerSecond for requests without a token
	 */
	public record RateLimit(
			@DefaultValue("40") int burst,
			@DefaultValue("10") int perSecond,
			@DefaultValue("20") int anonymousBurst,
			@DefaultValue("5") int anonymousPerSecond) {
	}
}
