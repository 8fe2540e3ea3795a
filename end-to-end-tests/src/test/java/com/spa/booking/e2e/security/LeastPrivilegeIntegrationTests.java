package com.spa.booking.e2e.security;

import static com.spa.booking.e2e.support.Api.holdJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.spa.booking.e2e.support.Api;
import com.spa.booking.e2e.support.FreshDatabase;
import com.spa.booking.e2e.support.Pipeline;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/**
 * The database roles of {@code docker-compose.yml}, from the very scripts it runs ({@code docker/postgres}): the worker
 * migrates and runs as {@code booking_worker}, the gateway as {@code booking_gateway}, neither a superuser, and the
 * whole API works; the gateway's role reads the worker's bookings, sessions and outcomes only through the read contract's
 * views, and cannot touch the tables behind them.
 */
class LeastPrivilegeIntegrationTests {

	static final Path SCRIPTS = Path.of("..", "docker", "postgres");

	@Test
	void workerAndGatewayRunAsRolesOfTheirOwnWithOnlyTheGrantsTheyNeed() throws Exception {
		LocalStack stack = TestStack.get();
		FreshDatabase superuser = FreshDatabase.empty(stack);
		try {
			run(superuser, script("roles.sql").replace(":'worker_password'", "'worker-secret'")
				.replace(":'gateway_password'", "'gateway-secret'"));
			try (Pipeline pipeline = Pipeline.on(stack.kafkaBootstrapServers(),
					superuser.as("booking_worker", "worker-secret"), "least-privilege")) {
				pipeline.startWorker();
				run(superuser, script("gateway-grants.sql"));
				ConfigurableApplicationContext gateway = pipeline.startGateway(
						"--spring.datasource.username=booking_gateway", "--spring.datasource.password=gateway-secret");
				Api api = Pipeline.api(gateway);

				UUID service = created(api.post("/api/v1/admin/services",
						"{\"name\":\"Massage\",\"durationMinutes\":60,\"bufferMinutes\":0,\"price\":60}"), "serviceId");
				UUID therapist = created(api.post("/api/v1/admin/therapists",
						"{\"name\":\"Toni\",\"serviceIds\":[\"" + service + "\"]}"), "therapistId");
				String week = Arrays.stream(DayOfWeek.values())
					.map(day -> "{\"day\":\"" + day + "\",\"start\":\"08:00\",\"end\":\"20:00\"}")
					.collect(Collectors.joining(","));
				assertThat(api.put("/api/v1/admin/therapists/" + therapist + "/working-hours",
						"{\"intervals\":[" + week + "]}").status()).isEqualTo(200);
				LocalDate day = LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(30);
				assertThat(api.post("/api/v1/admin/time-off", "{\"therapistId\":\"" + therapist + "\",\"firstDay\":\""
						+ day.plusDays(1) + "\",\"lastDay\":\"" + day.plusDays(2) + "\"}").status()).isEqualTo(201);
				UUID customer = api.newCustomer();
				Api.Response held = api.post("/api/v1/bookings", holdJson(customer, therapist, service,
						day.atTime(10, 0).atZone(ZoneId.of("Europe/Berlin")).toOffsetDateTime()), "Prefer", "wait=10");
				assertThat(held.status()).as(held.raw().body()).isEqualTo(201);
				Api.Response confirmed = api.post("/api/v1/bookings/" + held.text("bookingId") + "/confirm", null,
						"Prefer", "wait=10");
				assertThat(confirmed.text("status")).isEqualTo("CONFIRMED");
				// what reads the worker's bookings, sessions and outcomes: all through the read contract's views
				assertThat(api.get("/api/v1/bookings/" + held.text("bookingId")).status()).isEqualTo(200);
				assertThat(api.get("/api/v1/availability?serviceId=" + service + "&date=" + day.plusDays(3)).status())
					.isEqualTo(200);
				Api.Response audit = api.get("/api/v1/admin/audit");
				assertThat(audit.status()).isEqualTo(200);
				assertThat(audit.body().valueStream().map(count -> count.asLong())).containsOnly(0L);

				JdbcClient asGateway = superuser.as("booking_gateway", "gateway-secret").jdbc();
				for (String write : new String[] { "UPDATE bookings SET status = 'CANCELLED'",
						"DELETE FROM processed_commands", "INSERT INTO partition_owners VALUES ('t', 0, 1)",
						"CREATE TABLE public.sneaky (id int)" }) {
					assertThatThrownBy(() -> asGateway.sql(write).update()).as(write).rootCause()
						.hasMessageContaining("permission denied");
				}
				for (String read : new String[] { "SELECT count(*) FROM bookings", "SELECT count(*) FROM booking_sessions",
						"SELECT count(*) FROM processed_commands" }) {
					assertThatThrownBy(() -> asGateway.sql(read).query(Long.class).single()).as(read).rootCause()
						.hasMessageContaining("permission denied");
				}
				assertThat(asGateway.sql("SELECT count(*) FROM booking_overview WHERE id = ?")
					.param(UUID.fromString(held.text("bookingId"))).query(Long.class).single()).isEqualTo(1);
				assertThat(superuser.jdbc()
					.sql("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname LIKE 'booking_%'")
					.query(Boolean.class)
					.list()).containsExactly(false, false);
			}
		}
		finally {
			superuser.dropOn(stack);
		}
	}

	private static UUID created(Api.Response response, String id) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
		return response.uuid(id);
	}

	private static String script(String name) throws Exception {
		return Files.readString(SCRIPTS.resolve(name));
	}

	private static void run(FreshDatabase database, String script) {
		database.jdbc().sql(script).update();
	}
}
