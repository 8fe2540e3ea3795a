package com.spa.booking.worker.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import com.spa.booking.schemas.CloudEventAttributes;
import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.worker.WorkerProperties;
import com.spa.booking.worker.batch.TransactionScoped;

/**
 * Messages to publish, written in the same transaction as the change they report. If that transaction rolls back, they
 * were never written; if it commits, the {@link OutboxRelay} publishes them (at least once). They are collected while
 * the transaction runs and written in one statement just before it commits, with the command partition they belong
 * to, whose consumer publishes them.
 */
@Repository
public class Outbox {

	/** The W3C header of a trace context. */
	static final String TRACEPARENT = "traceparent";

	private final JdbcClient jdbc;

	private final WorkerProperties.TopicNames topics;

	private final ApplicationEventPublisher events;

	private final TransactionScoped<Pending> pending = TransactionScoped.flushedBeforeCommit(Pending::new, this::write);

	private final Tracer tracer;

	private final Propagator propagator;

	Outbox(JdbcClient jdbc, WorkerProperties properties, ApplicationEventPublisher events, Tracer tracer,
			Propagator propagator) {
		this.jdbc = jdbc;
		this.tracer = tracer;
		this.propagator = propagator;
		this.topics = properties.topics();
		this.events = events;
	}

	/** The messages of this transaction, and the command partition they belong to (null for none). */
	private static final class Pending {

		final List<Message> messages = new ArrayList<>();

		Integer shard;
	}

	/** The messages of this transaction belong to this command partition: its consumer publishes them. */
	public void forPartition(int partition) {
		pending.get().shard = partition;
	}

	public void result(CommandResult result) {
		pending.get().messages.add(new Message(topics.results(), result.requestId().toString(), Messages.toJson(result),
				CloudEventAttributes.of(result), traceparent()));
	}

	public void event(SpaEvent event) {
		pending.get().messages.add(new Message(topics.events(), event.subject().toString(), Messages.toJson(event),
				CloudEventAttributes.of(event), traceparent()));
	}

	/** The W3C trace context of the command being applied, if it is traced. */
	private String traceparent() {
		Span span = tracer.currentSpan();
		if (span == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>(4);
		propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/** How many messages this transaction has so far, to drop those of a savepoint that is rolled back. */
	public int mark() {
		return pending.get().messages.size();
	}

	/** Drops the messages added since the mark: their savepoint was rolled back. */
	public void resetTo(int mark) {
		List<Message> messages = pending.get().messages;
		messages.subList(mark, messages.size()).clear();
	}

	private void write(Pending transaction) {
		List<Message> messages = transaction.messages;
		if (messages.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO outbox (topic, message_key, payload, shard, ce_id, ce_type, ce_subject, ce_time,
				                    ce_dataschema, traceparent)
				SELECT t, k, p, CAST(? AS integer), id, type, subject, CAST(time AS timestamptz), schema, trace
				  FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
				              CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
				              CAST(? AS text[]))
				       WITH ORDINALITY AS m(t, k, p, id, type, subject, time, schema, trace, n)
				 ORDER BY n""")
			.params(transaction.shard, messages.stream().map(Message::topic).toArray(String[]::new),
					messages.stream().map(Message::key).toArray(String[]::new),
					messages.stream().map(Message::payload).toArray(String[]::new),
					messages.stream().map(message -> message.cloudEvent().id()).toArray(String[]::new),
					messages.stream().map(message -> message.cloudEvent().type()).toArray(String[]::new),
					messages.stream().map(message -> message.cloudEvent().subject()).toArray(String[]::new),
					messages.stream().map(message -> message.cloudEvent().time().toString()).toArray(String[]::new),
					messages.stream().map(message -> message.cloudEvent().dataSchema().toString()).toArray(String[]::new),
					messages.stream().map(Message::traceparent).toArray(String[]::new))
			.update();
		if (transaction.shard == null) {
			// no consumer publishes these: the sweeping relay is woken, after commit only
			events.publishEvent(new OutboxWritten());
		}
	}

	private record Message(String topic, String key, String payload, CloudEventAttributes cloudEvent,
			String traceparent) {
	}

	record OutboxWritten() {
	}
}
