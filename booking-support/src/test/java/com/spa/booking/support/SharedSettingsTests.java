package com.spa.booking.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.spa.booking.schemas.Topics;

class SharedSettingsTests {

	/** Binds as both applications do, from environment variables (these, not this JVM's) as a deployment sets them. */
	static SharedSettings bound(Map<String, Object> environment) {
		var sources = new StandardEnvironment().getPropertySources();
		String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		sources.replace(name, new SystemEnvironmentPropertySource(name, environment));
		return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("booking", SharedSettings.class);
	}

	@Test
	void withNothingSetBothApplicationsGetTheSameDefaults() {
		SharedSettings settings = bound(Map.of());

		assertThat(settings.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(settings.slotMinutes()).isEqualTo(15);
		assertThat(settings.holdGrace()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.horizon()).isEqualTo(Duration.ofDays(365));
		assertThat(settings.topics()).isEqualTo(new SharedSettings.TopicNames(Topics.COMMANDS, Topics.RESULTS,
				Topics.EVENTS, 12));
		assertThat(settings.topics().commandsDeadLetter()).isEqualTo(Topics.COMMANDS + ".DLT");
		assertThat(settings.calendar().zone()).isEqualTo(settings.zone());
	}

	@Test
	void aSettingFromTheEnvironmentBindsAndLeavesTheOthersAtTheirDefaults() {
		SharedSettings settings = bound(Map.of("BOOKING_HORIZON", "180d", "BOOKING_TOPICS_COMMANDS", "test.commands"));

		assertThat(settings.horizon()).isEqualTo(Duration.ofDays(180));
		assertThat(settings.topics().commands()).isEqualTo("test.commands");
		assertThat(settings.topics().commandsDeadLetter()).isEqualTo("test.commands.DLT");
		assertThat(settings.topics().results()).isEqualTo(Topics.RESULTS);
		assertThat(settings.slotMinutes()).isEqualTo(15);
	}
}
