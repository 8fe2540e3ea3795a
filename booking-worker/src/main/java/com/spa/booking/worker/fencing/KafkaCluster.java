package com.spa.booking.worker.fencing;

import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** The ID of the Kafka cluster, asked for once, when first needed (the broker may be late at start-up). */
@Component
public class KafkaCluster {

	private final KafkaAdmin admin;

	private volatile String id;

	KafkaCluster(KafkaAdmin admin) {
		this.admin = admin;
	}

	public String id() {
		String known = id;
		if (known == null) {
			synchronized (this) {
				if (id == null) {
					id = admin.clusterId();
				}
				known = id;
			}
		}
		return known;
	}
}
