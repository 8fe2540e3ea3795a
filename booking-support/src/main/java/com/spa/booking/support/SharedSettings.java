package com.spa.booking.support;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.spa.booking.calendar.SpaCalendar;
import com.spa.booking.schemas.Topics;

/**
 * The settings the gateway and the worker must agree on, declared once: both bind them from the same {@code booking.*}
 * properties, so that a deployment sets each in one place for both (what the gateway accepts is what the worker
 * decides by).
 *
 * @param zone the spa's time zone: working hours and the slot grid are in its local time
 * @param slotMinutes treatments start on this grid of local times
 * @param holdGrace how long after its expiry a hold still keeps its time from others and is not marked expired: a
 * confirm requested before the expiry may still be on its way to the topic. Longer than the gateway's publish timeout
 * (6 s) plus any clock skew between the gateway and the worker
 * @param horizon how far ahead of the request a treatment may start
 * @param topics the topics the two talk over
 */
@ConfigurationProperties("booking")
public record SharedSettings(
		@DefaultValue("Europe/Berlin") ZoneId zone,
		@DefaultValue("15") int slotMinutes,
		@DefaultValue("10s") Duration holdGrace,
		@DefaultValue("365d") Duration horizon,
		@DefaultValue TopicNames topics) {

	public SpaCalendar calendar() {
		return new SpaCalendar(zone, Duration.ofMinutes(slotMinutes));
	}

	/** @param partitions used when the worker creates the topics; never shrinks existing ones */
	public record TopicNames(
			@DefaultValue(Topics.COMMANDS) String commands,
			@DefaultValue(Topics.RESULTS) String results,
			@DefaultValue(Topics.EVENTS) String events,
			@DefaultValue("12") int partitions) {

		/** Where the worker puts a command it cannot apply. */
		public String commandsDeadLetter() {
			return commands + ".DLT";
		}
	}
}
