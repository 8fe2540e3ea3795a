package com.spa.booking.worker.publishing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.spa.booking.schemas.SpaEvent;
import com.spa.booking.worker.transaction.TransactionScoped;

/**
 * The events the commands of the current transaction made, in order. Each command takes its own when it is done
 * ({@link #since(int)}); a savepoint that is rolled back drops those made within it ({@link #resetTo(int)}). Nothing
 * here is published: what a command made goes out once its transaction committed ({@link MessagePublisher}).
 */
@Component
public class EventBuffer {

	private final TransactionScoped<List<SpaEvent>> events = TransactionScoped.of(ArrayList::new);

	public void add(SpaEvent event) {
		events.get().add(event);
	}

	/** Where the events stand now, to take or drop those made after it. */
	public int mark() {
		return events.get().size();
	}

	/** Drops the events made since the mark: their savepoint was rolled back. */
	public void resetTo(int mark) {
		List<SpaEvent> made = events.get();
		made.subList(mark, made.size()).clear();
	}

	/** The events made since the mark, in order. */
	public List<SpaEvent> since(int mark) {
		List<SpaEvent> made = events.get();
		return List.copyOf(made.subList(mark, made.size()));
	}
}
