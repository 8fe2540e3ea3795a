package com.spa.booking.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * Where a lone hold's time goes: holds one after another, a pause between them, on a warm and otherwise idle stack,
 * each timed at five points on one clock (this machine's): the client sending it, the broker appending its command
 * (the commands topic stamps records with the broker's clock), the worker deciding it (its result's
 * {@code processedAt}, in the transaction), the broker appending its result, and the client having the answer. A lone
 * request puts no load on anything, so its client may live in this JVM.
 */
final class LoneHolds {

	/** The hops, in order: client to command record, to the worker's decision, to the result record, to the answer. */
	static final List<String> HOPS = List.of("client to command record", "command record to worker's decision",
			"worker's decision to result record", "result record to answer", "in all");

	/** Milliseconds per hop, one row per hold. */
	record Breakdown(List<double[]> holds) {

		double percentile(int hop, double p) {
			double[] values = holds.stream().mapToDouble(hold -> hold[hop]).sorted().toArray();
			return values.length == 0 ? Double.NaN : values[(int) Math.min(values.length - 1, Math.ceil(p * values.length) - 1)];
		}
	}

	private LoneHolds() {
	}

	static Breakdown measure(String baseUrl, String token, UUID service, JdbcClient jdbc, Apps apps, long firstCustomer,
			int count, Duration pause) throws Exception {
		HttpLoad.makeCustomers(jdbc, firstCustomer, firstCustomer + count);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		// far from the hours wrk holds
		Instant day = Instant.now().plus(300, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
		String run = UUID.randomUUID().toString();
		Map<String, long[]> clientTimes = new HashMap<>();
		for (int i = 0; i < count; i++) {
			String key = "lone-" + run + "-" + i;
			String body = """
					{"customerId":"%s","therapistId":"%s","serviceId":"%s","start":"%s"}""".formatted(
					Wrk.customer(firstCustomer + i), Wrk.therapist(i % Wrk.THERAPISTS), service,
					day.plus(i / Wrk.THERAPISTS, ChronoUnit.HOURS));
			HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/bookings"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.header("Prefer", "wait=10")
				.header("Idempotency-Key", key)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			long sent = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
			long sentNanos = System.nanoTime();
			HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
			long answeredMicros = sent + (System.nanoTime() - sentNanos) / 1000;
			if (answer.statusCode() == 201) {
				clientTimes.put(key, new long[] { sent, answeredMicros });
			}
			Thread.sleep(pause.toMillis());
		}
		Map<UUID, long[]> byRequest = new HashMap<>();
		jdbc.sql("""
				SELECT r.request_id, r.idempotency_key, p.processed_at FROM gateway.requests r
				  JOIN processed_commands p ON p.request_id = r.request_id WHERE r.idempotency_key LIKE ?""")
			.param("lone-" + run + "-%")
			.query((rs, n) -> {
				long[] client = clientTimes.get(rs.getString("idempotency_key"));
				if (client != null) {
					Instant decided = rs.getObject("processed_at", java.time.OffsetDateTime.class).toInstant();
					byRequest.put(rs.getObject("request_id", UUID.class),
							new long[] { client[0], 0, micros(decided), 0, client[1] });
				}
				return null;
			})
			.list();
		stamp(apps, apps.commandsTopic(), byRequest, 1);
		stamp(apps, apps.resultsTopic(), byRequest, 3);
		List<double[]> holds = new ArrayList<>();
		for (long[] t : byRequest.values()) {
			if (t[1] > 0 && t[3] > 0) {
				holds.add(new double[] { (t[1] - t[0]) / 1000.0, (t[2] - t[1]) / 1000.0, (t[3] - t[2]) / 1000.0,
						(t[4] - t[3]) / 1000.0, (t[4] - t[0]) / 1000.0 });
			}
		}
		return new Breakdown(holds);
	}

	/** Puts each record's broker timestamp (milliseconds: the topic's resolution) at {@code index}, by request ID. */
	private static void stamp(Apps apps, String topic, Map<UUID, long[]> byRequest, int index) {
		JsonMapper json = JsonMapper.builder().build();
		List<TopicPartition> partitions = IntStream.range(0, Apps.PARTITIONS)
			.mapToObj(p -> new TopicPartition(topic, p))
			.toList();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, apps.kafka().bootstrapServers(),
						ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					long[] times = byRequest.get(UUID.fromString(json.readTree(record.value()).path("requestId").asString()));
					if (times != null && times[index] == 0) {
						times[index] = record.timestamp() * 1000;
					}
				}
			}
		}
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
	}
}
