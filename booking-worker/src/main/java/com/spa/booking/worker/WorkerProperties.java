package com.spa.booking.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.spa.booking.schemas.Topics;

/**
 * @param holdTtl how long a hold keeps the time before it expires
 * @param expirySweepInterval how often the expiry timer looks for holds that ran out
 */
@ConfigurationProperties("booking")
public record WorkerProperties(
		@DefaultValue("15m") Duration holdTtl,
		@DefaultValue("5s") Duration expirySweepInterval,
		@DefaultValue TopicNames topics,
		@DefaultValue OutboxSettings outbox) {

	/** @param partitions used when the worker creates the topics; never shrinks existing ones */
	public record TopicNames(
			@DefaultValue(Topics.COMMANDS) String commands,
			@DefaultValue(Topics.RESULTS) String results,
			@DefaultValue(Topics.EVENTS) String events,
			@DefaultValue("12") int partitions) {

		public String commandsDeadLetter() {
			return commands + ".DLT";
		}
	}

	/**
	 * @param pollInterval how often the relay looks for rows even without a wake-up (rows left by a crash, or
	 * written by another worker instance)
	 */
	public record OutboxSettings(
			@DefaultValue("1s") Duration pollInterval,
			@DefaultValue("500") int batchSize) {
	}
}
