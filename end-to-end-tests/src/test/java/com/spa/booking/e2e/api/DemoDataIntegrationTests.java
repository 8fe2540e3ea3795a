package com.spa.booking.e2e.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.spa.booking.e2e.support.FreshDatabase;
import com.spa.booking.e2e.support.TestStack;
import com.spa.booking.local.LocalStack;

/** The demo spa of ./run-local, loaded (twice, as every start does) into a database of its own. */
class DemoDataIntegrationTests {

	@Test
	void theDemoSpaHasFiveTherapistsSixServicesFourRoomsOfTwoTypesAndAClosedDayAndLoadsAgainUnchanged() {
		FreshDatabase database = FreshDatabase.on(TestStack.get());
		var demo = new ResourceDatabasePopulator(new ClassPathResource(LocalStack.DEMO_DATA));
		demo.execute(database.dataSource());
		demo.execute(database.dataSource());
		JdbcClient jdbc = database.jdbc();

		assertThat(count(jdbc, "SELECT count(*) FROM therapists")).isEqualTo(5);
		assertThat(count(jdbc, "SELECT count(DISTINCT therapist_id) FROM working_hours")).isEqualTo(5);
		assertThat(count(jdbc, "SELECT count(DISTINCT therapist_id) FROM therapist_services")).isEqualTo(5);
		assertThat(count(jdbc, "SELECT count(*) FROM services WHERE duration_minutes BETWEEN 30 AND 120")).isEqualTo(6);
		assertThat(count(jdbc, "SELECT min(duration_minutes) FROM services")).isEqualTo(30);
		assertThat(count(jdbc, "SELECT max(duration_minutes) FROM services")).isEqualTo(120);
		assertThat(count(jdbc, "SELECT count(*) FROM rooms")).isEqualTo(4);
		assertThat(count(jdbc, "SELECT count(DISTINCT room_type) FROM rooms")).isEqualTo(2);
		assertThat(count(jdbc, "SELECT count(*) FROM time_off WHERE therapist_id IS NULL")).isEqualTo(1);
		assertThat(count(jdbc, "SELECT count(*) FROM working_hours")).isEqualTo(52);
	}

	private static long count(JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}
}
