package com.spa.booking.gateway.booking;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Problems;

/** A customer's own bookings, for their "my bookings" page and for the front desk. */
@RestController
class CustomerBookingsController {

	private final BookingViews bookings;

	private final CatalogQueries catalog;

	private final GatewayProperties.ListingLimits listing;

	CustomerBookingsController(BookingViews bookings, CatalogQueries catalog, GatewayProperties properties) {
		this.bookings = bookings;
		this.catalog = catalog;
		this.listing = properties.listing();
	}

	/** Another customer's bookings are not found: whether that customer exists is not the caller's to know. */
	@GetMapping("/api/v1/customers/{customerId}/bookings")
	Listing<BookingView> bookings(@PathVariable UUID customerId, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor, Caller caller) {
		int size = Keyset.limit(limit, listing);
		Keyset after = Keyset.after(cursor);
		if (!caller.mayListFor(customerId) || !catalog.hasCustomer(customerId)) {
			throw Problems.notFound("customer", customerId);
		}
		return Keyset.listing(bookings.ofCustomer(customerId, after, size + 1), size);
	}
}
