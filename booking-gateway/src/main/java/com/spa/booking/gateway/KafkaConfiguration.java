package com.spa.booking.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.spa.booking.support.KafkaHealthIndicator;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	/** The topics the gateway uses; created if missing, so the gateway can start before the worker. */
	@Bean
	KafkaAdmin.NewTopics gatewayTopics(GatewayProperties properties) {
		var topics = properties.topics();
		return new KafkaAdmin.NewTopics(TopicBuilder.name(topics.commands()).partitions(topics.partitions()).build(),
				TopicBuilder.name(topics.results()).partitions(topics.partitions()).build());
	}

	/**
	 * Results only wake up waiting requests; the outcome itself is read from the database. A result that cannot be
	 * read is logged and skipped, not retried.
	 */
	@Bean
	DefaultErrorHandler resultErrorHandler() {
		return new DefaultErrorHandler(new FixedBackOff(0, 0));
	}

	/** The broker in readiness, as {@code kafka}. */
	@Bean
	KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		return new KafkaHealthIndicator(kafkaAdmin);
	}
}
