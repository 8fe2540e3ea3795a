package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import com.spa.booking.gateway.StatementLog;
import com.spa.booking.schemas.PlaceHold;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests are recorded in groups: alone when nothing else is being written, together when they come in while a
 * statement runs; each learns on its own whether it was recorded or its Idempotency-Key was taken. On a real
 * PostgreSQL with the gateway's own migrations, counting the statements that reach it.
 */
class RequestRecorderIntegrationTests {

	static StatementLog database;

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final RequestRecorder recorder = new RequestRecorder(new Requests(database.jdbc(), JsonMapper.builder().build()),
			meters);

	@BeforeAll
	static void gatewaySchema() {
		database = StatementLog.onFreshDatabase();
		Flyway.configure().dataSource(database.unloggedDataSource()).schemas("gateway").locations("classpath:db/gateway")
			.load().migrate();
	}

	@BeforeEach
	void noStatementsYet() {
		database.clear();
	}

	@AfterEach
	void stop() {
		database.beforeEach(sql -> {
		});
		recorder.destroy();
	}

	@Test
	void aLoneRequestIsWrittenAtOnceWithAStatementOfItsOwnAndIsCommittedWhenItsFutureCompletes() {
		NewRequest request = request("caller", null);

		Boolean recorded = recorder.record(request)
			// what follows the write sees the row from any connection: it is committed
			.thenApply(inserted -> inserted && rowsOf(request) == 1)
			.join();

		assertThat(recorded).isTrue();
		assertThat(database.statements()).singleElement().asString().contains("INSERT INTO gateway.requests");
	}

	@Test
	void requestsComingInWhileAStatementRunsAreWrittenTogetherByTheNextOne() throws Exception {
		Held held = holdFirstStatement();
		CompletableFuture<Boolean> first = recorder.record(request("caller", null));
		held.awaitStarted();
		List<NewRequest> meanwhile = IntStream.range(0, 10).mapToObj(i -> request("caller-" + i, "key")).toList();
		List<CompletableFuture<Boolean>> recorded = meanwhile.stream().map(recorder::record).toList();

		held.release();

		assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(recorded).allSatisfy(each -> assertThat(each.get(10, TimeUnit.SECONDS)).isTrue());
		assertThat(meanwhile).allSatisfy(each -> assertThat(rowsOf(each)).isEqualTo(1));
		assertThat(database.statements()).as("the lone one, then the ten together").hasSize(2);
		assertThat(meters.get("booking.requests.per.write").summary().max()).isEqualTo(10);
	}

	@Test
	void aTakenIdempotencyKeyIsReportedToItsRequestAloneWhetherTakenBeforeOrEarlierInTheSameGroup() throws Exception {
		assertThat(recorder.record(request("ann", "k1")).join()).isTrue();
		Held held = holdFirstStatement();
		CompletableFuture<Boolean> blocker = recorder.record(request("ann", null));
		held.awaitStarted();
		NewRequest takenBefore = request("ann", "k1");
		NewRequest firstWithK2 = request("ann", "k2");
		NewRequest takenInTheGroup = request("ann", "k2");
		NewRequest anotherCallersK1 = request("bob", "k1");
		var outcomes = List.of(takenBefore, firstWithK2, takenInTheGroup, anotherCallersK1).stream()
			.map(recorder::record)
			.toList();

		held.release();

		assertThat(blocker.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(outcomes.stream().map(CompletableFuture::join)).containsExactly(false, true, false, true);
		assertThat(rowsOf(takenBefore)).isZero();
		assertThat(rowsOf(takenInTheGroup)).isZero();
		assertThat(rowsOf(firstWithK2)).isOne();
		assertThat(rowsOf(anotherCallersK1)).isOne();
		assertThat(database.statements()).as("the first, the blocker, then the four together").hasSize(3);
	}

	@Test
	void aRequestTheDatabaseRefusesFailsAloneAndTheOthersOfItsGroupAreRecorded() throws Exception {
		Held held = holdFirstStatement();
		CompletableFuture<Boolean> blocker = recorder.record(request("caller", null));
		held.awaitStarted();
		NewRequest good = request("caller", null);
		NewRequest refused = new NewRequest(request("caller", null).command(), "caller", null, null);
		NewRequest alsoGood = request("caller", null);
		var outcomes = List.of(good, refused, alsoGood).stream().map(recorder::record).toList();

		held.release();

		assertThat(blocker.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(outcomes.get(0).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(catchThrowable(outcomes.get(1)::join)).hasCauseInstanceOf(DataIntegrityViolationException.class);
		assertThat(outcomes.get(2).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(rowsOf(good) + rowsOf(alsoGood)).isEqualTo(2);
		assertThat(rowsOf(refused)).isZero();
	}

	@Test
	void aRequestComingInWhenTheGatewayHasStoppedFailsAtOnce() {
		recorder.destroy();

		assertThat(catchThrowable(recorder.record(request("caller", null))::join)).isNotNull();
		assertThat(database.statements()).isEmpty();
	}

	private static NewRequest request(String caller, String key) {
		PlaceHold hold = PlaceHold.requested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
				Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS), Instant.now());
		return new NewRequest(hold, caller, hold.fingerprint(), key);
	}

	private static long rowsOf(NewRequest request) {
		return database.unlogged().sql("SELECT count(*) FROM gateway.requests WHERE request_id = ?")
			.param(request.command().requestId())
			.query(Long.class)
			.single();
	}

	/** Holds the next INSERT up just before it runs, until released. */
	private static Held holdFirstStatement() {
		Held held = new Held(new CountDownLatch(1), new CountDownLatch(1));
		AtomicBoolean first = new AtomicBoolean(true);
		database.beforeEach(sql -> {
			if (sql.startsWith("INSERT") && first.compareAndSet(true, false)) {
				held.started().countDown();
				try {
					held.released().await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
		return held;
	}

	private record Held(CountDownLatch started, CountDownLatch released) {

		void awaitStarted() throws InterruptedException {
			assertThat(started.await(10, TimeUnit.SECONDS)).as("the first statement started").isTrue();
		}

		void release() {
			released.countDown();
		}
	}
}
