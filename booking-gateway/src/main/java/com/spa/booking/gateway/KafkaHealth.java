package com.spa.booking.gateway;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** Readiness needs the broker: {@code kafka} in {@code /actuator/health}, answered within two seconds. */
@Component("kafka")
class KafkaHealth extends AbstractHealthIndicator implements DisposableBean {

	private final AdminClient admin;

	KafkaHealth(KafkaAdmin kafkaAdmin) {
		super("Kafka is not reachable");
		this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).size();
		builder.up().withDetail("brokers", brokers);
	}

	@Override
	public void destroy() {
		admin.close();
	}
}
