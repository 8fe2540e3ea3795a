package com.spa.booking.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.gateway.GatewayApplication;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.FreshDatabase;
import com.spa.booking.e2e.support.TestIssuer;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * The audit against defects planted behind the system's back. They need a database of their own, with no worker to
 * repair them and no constraint to stop them: a fresh database on the same server, the worker's migrations, and a
 * gateway (which runs the audit) pointed at it.
 */
class InvariantAuditIntegrationTests {

	static ConfigurableApplicationContext gateway;

	static Api api;

	static JdbcClient jdbc;

	@BeforeAll
	static void gatewayOnADatabaseOfItsOwn() {
		LocalStack stack = TestStack.get();
		FreshDatabase database = FreshDatabase.on(stack);
		gateway = GatewayApplication.application()
			.run(TestIssuer.gatewayArguments("--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(),
					"--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(), "--server.port=0",
					"--spring.main.register-shutdown-hook=false", "--booking.audit.interval=1h"));
		api = new Api("http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort());
		jdbc = database.jdbc();
	}

	@AfterAll
	static void stopGateway() {
		gateway.close();
	}

	@Test
	void aHealthySystemHasNoFindingsAndEachPlantedDefectIsReported() {
		Api.Response clean = api.get("/api/v1/admin/audit");
		assertThat(clean.status()).isEqualTo(200);
		assertThat(clean.body().valueStream().map(count -> count.asLong())).containsOnly(0L);

		plantDefects();

		Api.Response audit = api.get("/api/v1/admin/audit");
		assertThat(audit.body().path("THERAPIST_OVERLAP").asLong()).isEqualTo(1);
		assertThat(audit.body().path("ROOM_OVERLAP").asLong()).isEqualTo(1);
		assertThat(audit.body().path("CUSTOMER_OVERLAP").asLong()).isEqualTo(1);
		assertThat(audit.body().path("STALE_HOLD").asLong()).isEqualTo(1);
		assertThat(audit.body().path("UNANSWERED_REQUEST").asLong()).isEqualTo(1);
		assertThat(audit.body().path("WAITLIST_OFFER_WITHOUT_HOLD").asLong()).isEqualTo(1);
		assertThat(Api.anonymous(TestIssuer.managementUrl(gateway)).raw("/actuator/prometheus")).contains("booking_audit_findings{kind=\"THERAPIST_OVERLAP\"} 1.0");
	}

	/** Each defect on its own rows, so that each is counted once. */
	private static void plantDefects() {
		jdbc.sql("ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap").update();
		jdbc.sql("ALTER TABLE bookings DROP CONSTRAINT bookings_no_room_overlap").update();
		jdbc.sql("ALTER TABLE bookings DROP CONSTRAINT bookings_no_customer_overlap").update();
		UUID service = UUID.randomUUID();
		UUID room = UUID.randomUUID();
		jdbc.sql("INSERT INTO services (id, name, duration_minutes, price) VALUES (?, 'S', 60, 10)").param(service).update();
		jdbc.sql("INSERT INTO rooms (id, name, room_type) VALUES (?, 'R', 'r')").param(room).update();
		UUID[] therapists = new UUID[5];
		UUID[] customers = new UUID[5];
		for (int i = 0; i < 5; i++) {
			therapists[i] = UUID.randomUUID();
			customers[i] = UUID.randomUUID();
			jdbc.sql("INSERT INTO therapists (id, name) VALUES (?, 'T')").param(therapists[i]).update();
			jdbc.sql("INSERT INTO customers (id, name, email) VALUES (?, 'C', ?)").params(customers[i], customers[i] + "@x.org").update();
		}
		// one therapist twice at once (different customers, no room)
		book(therapists[0], customers[0], null, "2040-01-01 10:00", "CONFIRMED");
		book(therapists[0], customers[1], null, "2040-01-01 10:30", "CONFIRMED");
		// one room twice at once
		book(therapists[1], customers[2], room, "2040-01-02 10:00", "CONFIRMED");
		book(therapists[2], customers[3], room, "2040-01-02 10:30", "CONFIRMED");
		// one customer twice at once, outside a session
		book(therapists[3], customers[4], null, "2040-01-03 10:00", "CONFIRMED");
		book(therapists[4], customers[4], null, "2040-01-03 10:30", "CONFIRMED");
		// a hold an hour past its expiry
		jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      hold_expires_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, '2040-01-04 10:00Z', '2040-01-04 11:00Z', tstzrange('2040-01-04 10:00Z', '2040-01-04 11:00Z'),
				        'HELD', now() - interval '1 hour', now(), now())""")
			.params(UUID.randomUUID(), customers[0], therapists[1], service)
			.update();
		// a waitlist entry offered a hold that does not exist
		jdbc.sql("""
				INSERT INTO waitlist_entries (id, customer_id, service_id, day, earliest_start, latest_start, status,
				                              offered_booking_id, offer_expires_at, joined_at, changed_at)
				VALUES (?, ?, ?, '2040-01-05', '2040-01-05 09:00Z', '2040-01-05 12:00Z', 'OFFERED', ?,
				        now() + interval '10 minutes', now(), now())""")
			.params(UUID.randomUUID(), customers[0], service, UUID.randomUUID())
			.update();
		// a request accepted ten minutes ago and never answered
		jdbc.sql("""
				INSERT INTO gateway.requests (request_id, fingerprint, command_type, booking_id, command, created_at)
				VALUES (?, 'f', 'PlaceHold', ?, '{}', now() - interval '10 minutes')""")
			.params(UUID.randomUUID(), UUID.randomUUID())
			.update();
	}

	private static void book(UUID therapist, UUID customer, UUID room, String start, String status) {
		UUID service = jdbc.sql("SELECT id FROM services LIMIT 1").query(UUID.class).single();
		jdbc.sql("""
				INSERT INTO bookings (id, customer_id, therapist_id, service_id, starts_at, ends_at, during, status,
				                      room_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?::timestamptz, ?::timestamptz + interval '1 hour',
				        tstzrange(?::timestamptz, ?::timestamptz + interval '1 hour'), ?, ?, now(), now())""")
			.params(UUID.randomUUID(), customer, therapist, service, start + "Z", start + "Z", start + "Z", start + "Z",
					status, room)
			.update();
	}
}
