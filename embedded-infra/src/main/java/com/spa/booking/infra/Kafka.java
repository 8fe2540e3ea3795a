package com.spa.booking.infra;

/** A real Kafka broker (KRaft) for the stack and the tests: embedded, or in a container where Docker is present. */
public interface Kafka extends AutoCloseable {

	String bootstrapServers();

	@Override
	void close();
}
