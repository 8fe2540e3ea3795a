package com.spa.booking.gateway.booking;

import java.util.List;

/**
 * A stretch of a list that may grow: its items, and the cursor of the next stretch ({@code null} on the last). The
 * cursor is a position in the list's order, not an offset, so bookings made while a client reads on are neither
 * repeated nor make it skip any. (JSON {@code {items, next}}; "page" means the HTML pages only.)
 */
record Listing<T>(List<T> items, String next) {
}
