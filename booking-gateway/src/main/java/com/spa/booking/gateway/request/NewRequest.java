package com.spa.booking.gateway.request;

import com.spa.booking.schemas.BookingCommand;

/**
 * A request to record before its command is published.
 *
 * @param caller whose request it is: their Idempotency-Keys are theirs alone
 * @param fingerprint what the request asked for, to tell a retry from another request that reuses the key
 * @param idempotencyKey null when the request has none
 */
record NewRequest(BookingCommand command, String caller, String fingerprint, String idempotencyKey) {
}
