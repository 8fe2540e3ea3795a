package com.spa.booking.worker;

import java.net.URI;
import java.time.Duration;
import java.util.Currency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's own settings; those the gateway must agree on (zone, slot grid, hold grace, horizon, topics) are
 * {@link com.spa.booking.support.SharedSettings}.
 *
 * @param holdTtl how long a hold keeps the time before it expires; never extended
 * @param maxActiveHoldsPerCustomer how many unconfirmed holds one customer may have at once
 * @param maxActiveBookingsPerCustomer how many active bookings (held or confirmed) that have not ended one customer may
 * have: so that no one can fill the therapists' calendars for months by holding and confirming
 * @param expirySweepInterval how often the expiry timer looks for holds that ran out
 * @param currency the ISO 4217 currency of the services' prices; a booking's price is fixed in it when held
 * @param eventSource the CloudEvents {@code source} of every result and event this deployment publishes
 * @param publishTimeout how long a consumer waits for Kafka to acknowledge the results and events of a batch that
 * committed before it gives up and has the batch redelivered (it is answered from its idempotency records)
 * @param waitlist the waitlist's limits and offers (docs/waitlist.md)
 */
@ConfigurationProperties("booking")
public record WorkerProperties(
		@DefaultValue("15m") Duration holdTtl,
		@DefaultValue("3") int maxActiveHoldsPerCustomer,
		@DefaultValue("10") int maxActiveBookingsPerCustomer,
		@DefaultValue("5s") Duration expirySweepInterval,
		@DefaultValue("EUR") Currency currency,
		@DefaultValue("/spa-booking/booking-worker") URI eventSource,
		@DefaultValue("15s") Duration publishTimeout,
		@DefaultValue Retention retention,
		@DefaultValue Batch batch,
		@DefaultValue Waitlist waitlist) {

	/**
	 * @param processedCommands how long the idempotency record of a command is kept; a copy of a command arriving
	 * later is applied as a new command
	 * @param sweepInterval how often old records are deleted
	 */
	public record Retention(@DefaultValue("30d") Duration processedCommands, @DefaultValue("1h") Duration sweepInterval) {
	}

	/**
	 * @param maxRecords how many commands a consumer takes in one poll, and so applies at most in one transaction per
	 * partition; 1 applies them one at a time
	 * @param maxWait how long a poll may wait for more commands to make a bigger batch; zero takes what is there, so a
	 * quiet system answers at once and a busy one batches by itself
	 */
	public record Batch(@DefaultValue("500") int maxRecords, @DefaultValue("0ms") Duration maxWait) {
	}

	/**
	 * @param offerTtl how long a time offered to a waitlist entry is held for its customer to confirm, from the request
	 * that freed it; then it passes to the next entry in line
	 * @param maxOpenEntriesPerCustomer how many entries (waiting or offered) one customer may have at once
	 * @param gaugeInterval how often the gauge of waiting entries is read from the table (never once per scrape)
	 */
	public record Waitlist(@DefaultValue("15m") Duration offerTtl, @DefaultValue("5") int maxOpenEntriesPerCustomer,
			@DefaultValue("30s") Duration gaugeInterval) {
	}
}
