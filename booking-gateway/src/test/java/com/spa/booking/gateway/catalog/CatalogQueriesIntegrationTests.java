package com.spa.booking.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.spa.booking.gateway.StatementLog;

/**
 * The existence checks every hold makes: what was found is remembered, what was not is asked again, since it may be
 * added at any moment. On a real PostgreSQL, counting the statements that reach it.
 */
class CatalogQueriesIntegrationTests {

	static StatementLog database;

	final CatalogQueries catalog = new CatalogQueries(database.jdbc());

	@BeforeAll
	static void tables() {
		database = StatementLog.onFreshDatabase();
		for (String table : List.of("therapists", "services", "customers")) {
			database.unlogged().sql("CREATE TABLE " + table + " (id uuid PRIMARY KEY)").update();
		}
	}

	@BeforeEach
	void noStatementsYet() {
		database.clear();
	}

	@Test
	void aTherapistServiceAndCustomerFoundOnceAreFoundAgainWithoutAQuery() {
		UUID therapist = added("therapists");
		UUID service = added("services");
		UUID customer = added("customers");

		assertThat(catalog.hasTherapist(therapist)).isTrue();
		assertThat(catalog.hasService(service)).isTrue();
		assertThat(catalog.hasCustomer(customer)).isTrue();
		assertThat(database.statements()).hasSize(3);
		database.clear();

		assertThat(catalog.hasTherapist(therapist)).isTrue();
		assertThat(catalog.hasService(service)).isTrue();
		assertThat(catalog.hasCustomer(customer)).isTrue();
		assertThat(catalog.unknownIn("", therapist, service)).isEmpty();
		assertThat(database.statements()).as("asked the second time").isEmpty();
	}

	@Test
	void anIdNotFoundIsAskedEveryTimeSoThatOneAddedMeanwhileIsFoundAtOnce() {
		UUID customer = UUID.randomUUID();

		assertThat(catalog.hasCustomer(customer)).isFalse();
		assertThat(catalog.hasCustomer(customer)).isFalse();
		assertThat(database.statements()).hasSize(2);

		database.unlogged().sql("INSERT INTO customers (id) VALUES (?)").param(customer).update();
		assertThat(catalog.hasCustomer(customer)).as("registered a moment ago").isTrue();
		assertThat(database.statements()).hasSize(3);
	}

	@Test
	void anIdOfOneKindIsNotTakenForAnotherKind() {
		UUID id = added("therapists");

		assertThat(catalog.hasTherapist(id)).isTrue();
		assertThat(catalog.hasService(id)).isFalse();
		assertThat(catalog.hasCustomer(id)).isFalse();
	}

	@Test
	void atMostTheConfiguredNumberOfIdsIsRemembered() {
		CatalogQueries small = new CatalogQueries(database.jdbc(), 2);
		List<UUID> customers = IntStream.range(0, 10).mapToObj(i -> added("customers")).toList();
		customers.forEach(small::hasCustomer);
		database.clear();

		customers.forEach(customer -> assertThat(small.hasCustomer(customer)).isTrue());

		assertThat(database.statements()).as("asked again: all but the two remembered at most").hasSizeGreaterThanOrEqualTo(8);
	}

	private static UUID added(String table) {
		UUID id = UUID.randomUUID();
		database.unlogged().sql("INSERT INTO " + table + " (id) VALUES (?)").param(id).update();
		return id;
	}
}
