package com.spa.booking.gateway.booking;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.web.Problems.FieldError;
import com.spa.booking.gateway.web.Problems;

/**
 * Where a page of bookings ends, in their order by start and then ID: the next page holds the bookings after it. Given
 * to clients base64url-encoded, as an opaque cursor: what is in it is not part of the API.
 */
record Keyset(Instant start, UUID bookingId) {

	String cursor() {
		return Base64.getUrlEncoder().withoutPadding()
			.encodeToString((start + "|" + bookingId).getBytes(StandardCharsets.UTF_8));
	}

	/** @return null for the first page */
	static Keyset after(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
			if (parts.length == 2) {
				return new Keyset(Instant.parse(parts[0]), UUID.fromString(parts[1]));
			}
		}
		catch (IllegalArgumentException | DateTimeException notACursor) {
			// answered below, as any other cursor not given out by this API
		}
		throw Problems.badRequest(List.of(new FieldError("cursor", "is not a cursor this API gave out")));
	}

	/** The page size asked for, or the default; beyond the bounds it is a bad request, not silently another size. */
	static int limit(Integer limit, GatewayProperties.ListingLimits listing) {
		if (limit == null) {
			return listing.defaultLimit();
		}
		if (limit < 1 || limit > listing.maxLimit()) {
			throw Problems.badRequest(List.of(new FieldError("limit", "must be between 1 and " + listing.maxLimit())));
		}
		return limit;
	}

	/** @param fetched up to one more than {@code limit}: if there is one more, there is a next page */
	static Listing<BookingView> listing(List<BookingView> fetched, int limit) {
		if (fetched.size() <= limit) {
			return new Listing<>(fetched, null);
		}
		List<BookingView> items = List.copyOf(fetched.subList(0, limit));
		BookingView last = items.get(limit - 1);
		return new Listing<>(items, new Keyset(last.start(), last.bookingId()).cursor());
	}
}
