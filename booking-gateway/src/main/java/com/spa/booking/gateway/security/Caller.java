package com.spa.booking.gateway.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.Actor;

/**
 * Who is asking, as the token says: its subject and its roles. Controllers take one as a parameter and ask it what the
 * caller may see and do; which endpoints a role may call at all is decided before, in {@link SecurityConfiguration}.
 *
 * @param subject the token's subject; for a customer, the customer ID
 */
public record Caller(String subject, Set<Role> roles) {

	/** Nobody: no token. */
	public static final Caller ANONYMOUS = new Caller(null, Set.of());

	public Caller {
		roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
	}

	static Caller of(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
				|| "anonymousUser".equals(authentication.getPrincipal())) {
			return ANONYMOUS;
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			Role.ofAuthority(authority.getAuthority()).ifPresent(roles::add);
		}
		return new Caller(authentication.getName(), roles);
	}

	public boolean is(Role role) {
		return roles.contains(role);
	}

	/** Whose time rules apply to what the caller asks for: the front desk's for the front desk, a customer's otherwise. */
	public Actor actor() {
		return is(Role.FRONT_DESK) ? Actor.FRONT_DESK : Actor.CUSTOMER;
	}

	/** Staff act for every customer; a customer only for themselves. */
	public boolean mayActFor(UUID customerId) {
		return is(Role.FRONT_DESK) || customerId != null && customerId.equals(customerId().orElse(null));
	}

	/** Whose lists of bookings and waitlist entries the caller may read: anyone's for staff, a customer their own. */
	public boolean mayListFor(UUID customerId) {
		return is(Role.FRONT_DESK) || is(Role.ADMIN) || customerId.equals(customerId().orElse(null));
	}

	/** @throws org.springframework.web.ErrorResponseException 403 if the caller may not act for the customer */
	public void requireMayActFor(UUID customerId) {
		if (!mayActFor(customerId)) {
			throw Problems.forbidden("A customer may only act in their own name.");
		}
	}

	/** What may be read of a customer's: by staff who handle bookings, and by the customer. */
	public boolean maySeeCustomer(UUID customerId) {
		return mayActFor(customerId) || is(Role.PAYMENT);
	}

	/** The customer this caller is, if a customer: the token's subject, if it is a customer ID. */
	public Optional<UUID> customerId() {
		if (!is(Role.CUSTOMER) || subject == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(subject));
		}
		catch (IllegalArgumentException notAnId) {
			return Optional.empty();
		}
	}

	/**
	 * Whose Idempotency-Keys these are: two callers' equal keys never meet. Keys are per subject, whatever roles it
	 * has.
	 */
	public String idempotencyScope() {
		return subject == null ? "" : subject;
	}
}
