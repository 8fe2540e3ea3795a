package com.spa.booking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.spa.booking.schemas.ConfirmBooking;
import com.spa.booking.schemas.Messages;
import com.spa.booking.schemas.Outcome;
import com.spa.booking.worker.fencing.Ownership;
import com.spa.booking.worker.fencing.PartitionClaimer;
import com.spa.booking.worker.fencing.PartitionLost;
import com.spa.booking.worker.fencing.PartitionOwners;

/**
 * Fencing tokens never go backwards: claims queued behind a transaction that holds the partition's row take their
 * tokens once they hold it, so the last to write is the owner with the greatest token. And a consumer whose claim was
 * overtaken claims its partition again instead of being rejected on every retry.
 */
class FencingIntegrationTests extends WorkerIntegrationTestSupport {

	static final int PARTITION = 3;

	/** A topic of its own, so that the real consumers are not disturbed. */
	final String topic = "fenced-" + UUID.randomUUID();

	@Autowired
	PartitionOwners owners;

	@Autowired
	CommandApplier applier;

	@Autowired
	DataSource dataSource;

	/** Two consumers, A and B, that both claim the partition while a batch of its previous owner holds the row. */
	@ParameterizedTest(name = "{0} queued first")
	@ValueSource(strings = { "A", "B" })
	void ofTwoClaimsQueuedBehindATransactionTheLaterOneOwnsThePartitionWithTheGreaterToken(String first)
			throws Exception {
		String second = first.equals("A") ? "B" : "A";
		Ownership previous = owners.claim(topic, PARTITION);
		Map<String, CompletableFuture<Ownership>> claims = new HashMap<>();
		long drawnWhileTheyWait;
		try (Connection batch = dataSource.getConnection()) {
			holdRowForShare(batch);
			claims.put(first, claimInTheBackground(1));
			claims.put(second, claimInTheBackground(2));
			drawnWhileTheyWait = jdbc.sql("SELECT nextval('fencing_tokens')").query(Long.class).single();
			batch.commit();
		}
		Ownership earlier = claims.get(first).get(30, TimeUnit.SECONDS);
		Ownership later = claims.get(second).get(30, TimeUnit.SECONDS);

		assertThat(earlier.token()).as("drawn once the claim held the row").isGreaterThan(drawnWhileTheyWait);
		assertThat(later.token()).isGreaterThan(earlier.token());
		assertThat(currentToken()).isEqualTo(later.token());
		assertOwns(later);
		assertFenced(earlier);
		assertFenced(previous);
	}

	@Test
	void aConsumerFencedOutRejoinsItsGroupAndClaimsItsPartitionAgain(@Autowired BookingCommandListener listener,
			@Autowired PartitionClaimer claims) {
		Consumer<?, ?> consumer = mock(Consumer.class);
		claims.onPartitionsAssigned(consumer, List.of(new TopicPartition(topic, PARTITION)));
		// an older claim of another consumer that got the row after this one's
		Ownership overtaking = owners.claim(topic, PARTITION);
		ConfirmBooking command = confirmOfNoBooking();
		var record = new ConsumerRecord<>(topic, PARTITION, 0, therapist.toString(), Messages.toJson(command));

		assertThatThrownBy(() -> listener.on(List.of(record), consumer)).hasRootCauseInstanceOf(PartitionLost.class);
		verify(consumer).enforceRebalance(anyString());
		// the group gives this consumer the partition again, and the record comes again
		listener.on(List.of(record), consumer);

		assertThat(count("SELECT count(*) FROM processed_commands WHERE request_id = ?", command.requestId()))
			.isEqualTo(1);
		assertThat(currentToken()).isGreaterThan(overtaking.token());
		assertFenced(overtaking);
	}

	/** As a batch of the partition's owner does: the row held FOR SHARE until its transaction ends. */
	private void holdRowForShare(Connection connection) throws Exception {
		connection.setAutoCommit(false);
		try (PreparedStatement share = connection.prepareStatement(
				"SELECT token FROM partition_owners WHERE topic = ? AND partition = ? FOR SHARE")) {
			share.setString(1, topic);
			share.setInt(2, PARTITION);
			share.executeQuery().close();
		}
	}

	/** A claim on a connection of its own, once it waits for the row lock, as the {@code waiting}th claim. */
	private CompletableFuture<Ownership> claimInTheBackground(int waiting) {
		CompletableFuture<Ownership> claim = CompletableFuture.supplyAsync(() -> owners.claim(topic, PARTITION));
		await().until(() -> claimsWaiting() == waiting);
		return claim;
	}

	private long claimsWaiting() {
		return jdbc.sql("""
				SELECT count(*) FROM pg_stat_activity
				 WHERE cardinality(pg_blocking_pids(pid)) > 0 AND query LIKE 'INSERT INTO partition_owners%'""")
			.query(Long.class)
			.single();
	}

	private long currentToken() {
		return jdbc.sql("SELECT token FROM partition_owners WHERE topic = ? AND partition = ?")
			.params(topic, PARTITION)
			.query(Long.class)
			.single();
	}

	private void assertOwns(Ownership ownership) {
		assertThat(applier.applyOwned(ReceivedCommand.untraced(confirmOfNoBooking()), ownership)).last()
			.satisfies(applied -> assertThat(applied.result().outcome()).isEqualTo(Outcome.REJECTED));
	}

	private void assertFenced(Ownership ownership) {
		assertThatThrownBy(() -> applier.applyOwned(ReceivedCommand.untraced(confirmOfNoBooking()), ownership))
			.isInstanceOf(PartitionLost.class);
	}

	private ConfirmBooking confirmOfNoBooking() {
		return new ConfirmBooking(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), therapist);
	}
}
