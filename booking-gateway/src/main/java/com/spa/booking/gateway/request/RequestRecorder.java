package com.spa.booking.gateway.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records requests in groups (group commit): one thread writes, with one statement, every request that came in while
 * its previous statement ran. A lone request is written at once, on its own; a busy gateway writes many with each
 * statement, instead of one connection and one commit per request. Nobody waits for the write: each request gets a
 * future, completed once its row is committed. Distribution summary {@code booking.requests.per.write}.
 *
 * <p>The futures are completed on the writing thread, which must be free again at once for the next group: whatever
 * follows a write runs elsewhere.
 */
@Component
class RequestRecorder implements DisposableBean {

	/** Rows per statement at most; under the in-flight limit a group rarely comes near it. */
	static final int MOST_PER_STATEMENT = 500;

	private final Requests requests;

	private final Queue<QueuedRequest> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean writing = new AtomicBoolean();

	private final ThreadPoolTaskExecutor writer = new ThreadPoolTaskExecutor();

	private final DistributionSummary groups;

	RequestRecorder(Requests requests, MeterRegistry meters) {
		this.requests = requests;
		this.groups = DistributionSummary.builder("booking.requests.per.write")
			.description("requests recorded with one statement")
			.register(meters);
		writer.setCorePoolSize(1);
		writer.setMaxPoolSize(1);
		writer.setThreadNamePrefix("request-writer-");
		// the requests already taken in are recorded before the gateway stops
		writer.setWaitForTasksToCompleteOnShutdown(true);
		writer.setAwaitTerminationSeconds(10);
		writer.initialize();
	}

	/**
	 * @return completed once the request is recorded: true, or false if its caller has a request with its
	 * Idempotency-Key already (then nothing was written for it); or with the database's failure
	 */
	CompletableFuture<Boolean> record(NewRequest request) {
		QueuedRequest entry = new QueuedRequest(request, new CompletableFuture<>());
		waiting.add(entry);
		writeSoon();
		return entry.recorded();
	}

	private void writeSoon() {
		if (!waiting.isEmpty() && writing.compareAndSet(false, true)) {
			try {
				writer.execute(this::write);
			}
			catch (TaskRejectedException stopping) {
				writing.set(false);
				failWaiting(stopping);
			}
		}
	}

	private void write() {
		try {
			for (List<QueuedRequest> group = nextGroup(); !group.isEmpty(); group = nextGroup()) {
				groups.record(group.size());
				write(group);
			}
		}
		finally {
			writing.set(false);
		}
		writeSoon(); // what came in after the last look and before writing was over
	}

	private List<QueuedRequest> nextGroup() {
		List<QueuedRequest> group = new ArrayList<>();
		for (QueuedRequest next = waiting.poll(); next != null; next = group.size() < MOST_PER_STATEMENT ? waiting.poll() : null) {
			group.add(next);
		}
		return group;
	}

	private void write(List<QueuedRequest> group) {
		Set<UUID> recorded;
		try {
			recorded = requests.insertAll(group.stream().map(QueuedRequest::request).toList());
		}
		catch (DataIntegrityViolationException refused) {
			if (group.size() == 1) {
				group.get(0).recorded().completeExceptionally(refused);
				return;
			}
			// the data of one of them (none of ours should ever be): each on its own, so that only that one fails
			group.forEach(one -> write(List.of(one)));
			return;
		}
		catch (RuntimeException failed) {
			// the database away, most likely: every request of the group is answered as a lone one would be
			group.forEach(one -> one.recorded().completeExceptionally(failed));
			return;
		}
		group.forEach(one -> one.recorded().complete(recorded.contains(one.request().command().requestId())));
	}

	private void failWaiting(RuntimeException failure) {
		for (QueuedRequest left = waiting.poll(); left != null; left = waiting.poll()) {
			left.recorded().completeExceptionally(failure);
		}
	}

	@Override
	public void destroy() {
		writer.shutdown();
		failWaiting(new TaskRejectedException("The gateway is stopping"));
	}

	private record QueuedRequest(NewRequest request, CompletableFuture<Boolean> recorded) {
	}
}
