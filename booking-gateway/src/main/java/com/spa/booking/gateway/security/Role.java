package com.spa.booking.gateway.security;

import java.util.Arrays;
import java.util.Optional;

/** Who a caller is to the spa, as the token's role claim says. */
public enum Role {

	/** A customer, whose token's subject is their customer ID. */
	CUSTOMER("customer"),

	/** Staff at the desk: book, change and read for any customer, read the calendars. */
	FRONT_DESK("front-desk"),

	/** The spa's catalog, schedules and the audit. */
	ADMIN("admin"),

	/** A payment service: reads bookings and confirms them. */
	PAYMENT("payment");

	private final String claim;

	Role(String claim) {
		this.claim = claim;
	}

	/** The value in the token's role claim. */
	public String claim() {
		return claim;
	}

	/** What Spring Security calls it ({@code hasRole} adds the prefix itself). */
	String authority() {
		return "ROLE_" + claim;
	}

	static Optional<Role> ofAuthority(String authority) {
		return Arrays.stream(values()).filter(role -> role.authority().equals(authority)).findFirst();
	}
}
