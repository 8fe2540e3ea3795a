package com.spa.booking.gateway;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import com.spa.booking.support.KafkaHealthIndicator;
import com.spa.booking.support.SharedSettings;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class GatewayKafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewayKafkaConfiguration.class);

	/** The topics the gateway uses (it reads the events for the front desk's live view); created if missing, so the gateway can start before the worker. */
	@Bean
	KafkaAdmin.NewTopics gatewayTopics(SharedSettings settings) {
		var topics = settings.topics();
		return new KafkaAdmin.NewTopics(TopicBuilder.name(topics.commands()).partitions(topics.partitions()).build(),
				TopicBuilder.name(topics.results()).partitions(topics.partitions()).build(),
				TopicBuilder.name(topics.events()).partitions(topics.partitions()).build());
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

	/**
	 * A gateway started without its broker runs on (it answers what needs no broker, and {@code 503} for the rest) and
	 * says so at once, in one line, rather than in a stack trace half a minute later.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> brokerAtStart(KafkaHealthIndicator kafka, KafkaAdmin kafkaAdmin) {
		return ready -> {
			Object servers = kafkaAdmin.getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
			if (kafka.health().getStatus().equals(Status.UP)) {
				log.info("Kafka at {} is reachable", servers);
			}
			else {
				log.warn("Kafka at {} is not reachable: booking requests are answered 503 and readiness is DOWN until it is",
						servers);
			}
		};
	}
}
