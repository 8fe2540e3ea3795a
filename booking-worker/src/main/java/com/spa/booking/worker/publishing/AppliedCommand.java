package com.spa.booking.worker.publishing;

import java.util.List;

import com.spa.booking.schemas.CommandResult;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.SpaEvent;

/**
 * What applying one command produced: its result and the events it made, in order, as JSON exactly as it is stored with
 * the command's idempotency record and as it is published. Published only once the transaction that made it committed;
 * sent again, from the record, when the command is redelivered.
 *
 * @param events the events the command made; empty for a repeat within the transaction that made them
 * @param traceparent the W3C trace context of the command, for the records' headers; null if it was not traced
 */
public record AppliedCommand(CommandResult result, String resultJson, List<SpaEvent> events, List<String> eventJsons,
		String traceparent) {

	public static AppliedCommand of(CommandResult result, List<SpaEvent> events, String traceparent) {
		return new AppliedCommand(result, Messages.toJson(result), List.copyOf(events),
				events.stream().map(Messages::toJson).toList(), traceparent);
	}

	/** As stored: the events read back from their JSON. */
	public static AppliedCommand stored(String resultJson, List<String> eventJsons, String traceparent) {
		return new AppliedCommand(Messages.result(resultJson), resultJson,
				eventJsons.stream().map(json -> Messages.event(json).orElseThrow()).toList(), eventJsons, traceparent);
	}

	/** The result alone: the events went out with the first answer in this transaction. */
	public AppliedCommand withoutEvents() {
		return new AppliedCommand(result, resultJson, List.of(), List.of(), traceparent);
	}

	/** Sent again for a redelivery, in the redelivered command's trace. */
	public AppliedCommand tracedAs(String redelivered) {
		return new AppliedCommand(result, resultJson, events, eventJsons, redelivered);
	}
}
