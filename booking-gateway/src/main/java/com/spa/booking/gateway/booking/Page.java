package com.spa.booking.gateway.booking;

import java.util.List;

/**
 * A page of a list that may grow: its items, and the cursor of the next page ({@code null} on the last). The cursor is
 * a position in the list's order, not an offset, so bookings made while a client pages through are neither repeated
 * nor make it skip any.
 */
record Page<T>(List<T> items, String next) {
}
