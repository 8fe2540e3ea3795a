package com.spa.booking.example;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a payment service reads from {@code booking.events}, written from the contract alone ({@code schemas/asyncapi.yaml}
 * and the JSON Schemas beside it), as a Go or Node service would: the CloudEvents headers say what a record is, so
 * it routes without parsing; the body gives the details; the event ID de-duplicates, for delivery is at least once;
 * a type it does not know is skipped.
 * <p>
 * It charges once per confirmed booking that is not part of a session, and once per confirmed session, for the session's
 * total (the session's items announce their confirmations too; charging them as well would charge twice). It takes the
 * price in full at confirmation; a spa that takes only a deposit then would charge the event's {@code deposit} instead
 * ({@code BookingConfirmed} and {@code SessionConfirmed} carry one each, the session's the sum of its items').
 * Each fee (a late cancellation, a no-show) comes as its own {@code FeeCharged} event, whose ID is derived from the
 * booking and the kind of fee: de-duplicating by event ID charges it once, however often it is delivered.
 * <p>
 * A notification service reads the same topic: {@code WaitlistOffered} says that a time opened for a customer on the
 * waitlist and until when they may confirm it. This example only writes the message it would send
 * ({@link #notifications()}); the waitlist's other events are skipped like any type it has no use for.
 * <p>
 * {@code ./watch-events [bootstrap-servers]} runs {@link #main} and prints every event with its headers.
 */
public final class EventsConsumerExample implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Enough to absorb redeliveries, which come soon after the original. */
	private static final int REMEMBERED = 10_000;

	private final KafkaConsumer<String, CloudEvent> consumer;

	private final Set<String> seen = new LinkedHashSet<>();

	/** @param groupId the consumer group: one per service, so that every instance shares the work */
	public EventsConsumerExample(String bootstrapServers, String groupId) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new CloudEventDeserializer());
		consumer.subscribe(List.of("booking.events"));
	}

	/** A payment to take. */
	public record Charge(String eventId, String subject, String amount, String currency) {
	}

	/** A message to a customer, as a notification service would send it. */
	public record Notification(String eventId, String customerId, String text) {
	}

	private final List<Notification> notifications = new ArrayList<>();

	/** The messages the events read so far asked to be sent, each once. */
	public List<Notification> notifications() {
		return List.copyOf(notifications);
	}

	/** What one poll of the topic asks to be charged; each event once, however often it is delivered. */
	public List<Charge> poll(Duration timeout) {
		List<Charge> charges = new ArrayList<>();
		for (ConsumerRecord<String, CloudEvent> record : consumer.poll(timeout)) {
			charge(record.value()).ifPresent(charges::add);
		}
		return charges;
	}

	private java.util.Optional<Charge> charge(CloudEvent event) {
		if (!firstTime(event.getId())) {
			return java.util.Optional.empty();
		}
		JsonNode body = JSON.readTree(new String(event.getData().toBytes(), StandardCharsets.UTF_8));
		if ("com.spa.booking.WaitlistOffered.v1".equals(event.getType())) {
			notifyOffered(event.getId(), body);
			return java.util.Optional.empty();
		}
		JsonNode price = switch (event.getType()) {
			case "com.spa.booking.BookingConfirmed.v1" ->
				// a session's item is paid with its session
				body.path("booking").path("sessionId").isNull() ? body.path("booking").path("price") : null;
			case "com.spa.booking.SessionConfirmed.v1" -> body.path("total");
			// one per fee: a late cancellation of a booking or of each item of a cancelled session, a no-show
			case "com.spa.booking.FeeCharged.v1" -> body.path("fee");
			// every other type, known or not, is none of a payment service's business
			default -> null;
		};
		if (price == null || price.isNull() || price.isMissingNode()) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(new Charge(event.getId(), event.getSubject(), price.path("amount").asString(),
				price.path("currency").asString()));
	}

	/**
	 * "A time opened": the hold made for the customer, in the spa's local time (the event carries it, so no time zone
	 * arithmetic is needed here), and until when to confirm it.
	 */
	private void notifyOffered(String eventId, JsonNode body) {
		JsonNode entry = body.path("entry");
		java.time.LocalDateTime start = java.time.LocalDateTime.parse(body.path("booking").path("localStart").asString());
		java.time.LocalDateTime confirmBy = java.time.LocalDateTime.parse(entry.path("localOfferExpiresAt").asString());
		String text = "A time opened on " + start.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL,
				java.util.Locale.ENGLISH) + " " + start.toLocalDate() + " at " + start.toLocalTime()
				+ ": confirm it by " + confirmBy.toLocalTime() + " (" + confirmBy.toLocalDate()
				+ "), or it goes to the next customer waiting.";
		Notification notification = new Notification(eventId, entry.path("customerId").asString(), text);
		notifications.add(notification);
		System.out.println("notify " + notification.customerId() + ": " + text);
	}

	/** Whether an event has been read (and charged, if it asked for a charge); to de-duplicate, and for tests. */
	public boolean hasSeen(String eventId) {
		return seen.contains(eventId);
	}

	private boolean firstTime(String eventId) {
		if (!seen.add(eventId)) {
			return false;
		}
		if (seen.size() > REMEMBERED) {
			seen.remove(seen.iterator().next());
		}
		return true;
	}

	@Override
	public void close() {
		consumer.close();
	}

	/** Prints every event on the topic, from the start, with its CloudEvents attributes; Ctrl-C stops. */
	public static void main(String[] args) {
		String bootstrapServers = args.length > 0 ? args[0] : "localhost:9092";
		try (var consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "watch-events-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new CloudEventDeserializer())) {
			consumer.subscribe(List.of("booking.events"));
			System.out.println("Watching booking.events at " + bootstrapServers + " (Ctrl-C stops)");
			while (true) {
				for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofSeconds(1))) {
					CloudEvent event = record.value();
					System.out.printf("%s  ce_type=%s ce_subject=%s ce_id=%s ce_source=%s ce_time=%s%n  %s%n",
							record.key(), event.getType(), event.getSubject(), event.getId(), event.getSource(),
							event.getTime(), new String(event.getData().toBytes(), StandardCharsets.UTF_8));
				}
			}
		}
	}
}
