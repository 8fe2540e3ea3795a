package com.spa.booking.worker.booking;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.spa.booking.schemas.BookingCommand;
import com.spa.booking.schemas.Messages;

/**
 * A command as it came off the topic, with the trace context its producer sent along (the W3C {@code traceparent}
 * header of the HTTP request that asked for it), so that applying it continues that trace.
 *
 * @param traceContext the propagation headers, by name; empty for a command that brought none
 */
record ReceivedCommand(BookingCommand command, Map<String, String> traceContext) {

	static ReceivedCommand untraced(BookingCommand command) {
		return new ReceivedCommand(command, Map.of());
	}

	/**
	 * @param fields the header names that carry a trace context (the propagator's)
	 * @throws tools.jackson.core.JacksonException if the command cannot be read
	 */
	static ReceivedCommand of(ConsumerRecord<String, String> record, Collection<String> fields) {
		Map<String, String> context = new HashMap<>();
		for (String field : fields) {
			Header header = record.headers().lastHeader(field);
			if (header != null) {
				context.put(field, new String(header.value(), StandardCharsets.UTF_8));
			}
		}
		return new ReceivedCommand(Messages.command(record.value()), context);
	}
}
