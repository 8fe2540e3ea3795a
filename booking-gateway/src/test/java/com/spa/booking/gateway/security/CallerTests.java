package com.spa.booking.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.spa.booking.schemas.Actor;

/** Whose time rules a caller's commands are decided by: the worker charges and refuses by the actor they carry. */
class CallerTests {

	@Test
	void theFrontDeskActsAsTheFrontDeskAndEveryoneElseAsACustomer() {
		assertThat(new Caller("desk-1", Set.of(Role.FRONT_DESK)).actor()).isEqualTo(Actor.FRONT_DESK);
		assertThat(new Caller("desk-1", Set.of(Role.FRONT_DESK, Role.ADMIN)).actor()).isEqualTo(Actor.FRONT_DESK);
		assertThat(new Caller(UUID.randomUUID().toString(), Set.of(Role.CUSTOMER)).actor()).isEqualTo(Actor.CUSTOMER);
		assertThat(new Caller("admin-1", Set.of(Role.ADMIN)).actor()).isEqualTo(Actor.CUSTOMER);
		assertThat(new Caller("pay-1", Set.of(Role.PAYMENT)).actor()).isEqualTo(Actor.CUSTOMER);
	}

	@Test
	void staffListAnyCustomersThingsAndACustomerOnlyTheirOwn() {
		UUID customer = UUID.randomUUID();
		assertThat(new Caller("desk-1", Set.of(Role.FRONT_DESK)).mayListFor(customer)).isTrue();
		assertThat(new Caller("admin-1", Set.of(Role.ADMIN)).mayListFor(customer)).isTrue();
		assertThat(new Caller(customer.toString(), Set.of(Role.CUSTOMER)).mayListFor(customer)).isTrue();
		assertThat(new Caller(UUID.randomUUID().toString(), Set.of(Role.CUSTOMER)).mayListFor(customer)).isFalse();
		assertThat(new Caller("pay-1", Set.of(Role.PAYMENT)).mayListFor(customer)).isFalse();
	}
}
