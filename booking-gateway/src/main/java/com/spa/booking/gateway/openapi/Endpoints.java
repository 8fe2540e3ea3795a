package com.spa.booking.gateway.openapi;

import static com.spa.booking.gateway.openapi.Endpoints.Success.CHANGE;
import static com.spa.booking.gateway.openapi.Endpoints.Success.CREATED;
import static com.spa.booking.gateway.openapi.Endpoints.Success.HOLD;
import static com.spa.booking.gateway.openapi.Endpoints.Success.INFERRED;
import static com.spa.booking.gateway.openapi.Endpoints.Success.SESSION_CHANGE;
import static com.spa.booking.gateway.openapi.Endpoints.Success.SESSION_HOLD;
import static com.spa.booking.gateway.openapi.Endpoints.Success.WAITLIST_CHANGE;
import static com.spa.booking.gateway.openapi.Endpoints.Success.WAITLIST_JOIN;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the OpenAPI document says about each endpoint beyond what springdoc reads off the controllers: its summary and
 * description, its tag, what a success looks like where the handler's type does not say (the asynchronous commands),
 * and which errors it can answer. An endpoint missing here has no summary, and {@code ApiDocumentIntegrationTests}
 * fails.
 */
final class Endpoints {

	/** How the success answers are described. */
	enum Success {
		/** as springdoc reads it off the handler: 200 with the return type */
		INFERRED,
		/** 201 with the return type and Location */
		CREATED,
		/** a new booking: 201 with it, or 202 while it is decided */
		HOLD,
		/** a change to a booking: 200 with it, or 202 while it is decided */
		CHANGE,
		/** a new session: 201 with it, or 202 while it is decided */
		SESSION_HOLD,
		/** a change to a session: 200 with it, or 202 while it is decided */
		SESSION_CHANGE,
		/** a new waitlist entry: 201 with it, or 202 while it is decided */
		WAITLIST_JOIN,
		/** a change to a waitlist entry: 200 with it, or 202 while it is decided */
		WAITLIST_CHANGE
	}

	/**
	 * @param publicToo also without a token (a token, if sent, is checked all the same)
	 * @param errors the statuses of the problems it may answer with, besides those of every endpoint (401, 429, 500,
	 * 503)
	 */
	record Endpoint(String tag, String summary, String description, Success success, boolean publicToo,
			Set<Integer> errors) {

		Endpoint(String tag, String summary, String description, Success success, boolean publicToo,
				List<Integer> errors) {
			this(tag, summary, description, success, publicToo, Set.copyOf(new TreeSet<>(errors)));
		}
	}

	static final String CATALOG = "Catalog";

	static final String AVAILABILITY = "Availability";

	static final String CUSTOMERS = "Customers";

	static final String BOOKINGS = "Bookings";

	static final String SESSIONS = "Booking sessions";

	static final String REQUESTS = "Requests";

	static final String WAITLIST = "Waitlist";

	static final String ADMIN = "Admin";

	/** Where a body is read: malformed or invalid (400), too large (413), not JSON (415). */
	private static final List<Integer> BODY = List.of(400, 413, 415);

	private static final String ASYNC = " Answered `202 Accepted` with the request's location at once, or, with "
			+ "`Prefer: wait=N` (seconds, at most 30), with the outcome as soon as the worker has it (`202` still if it "
			+ "takes longer). A retry with the same `Idempotency-Key` is the same request and never books twice; the "
			+ "same key with another body is `422 idempotency-key-reused`. A rejection is a problem with `reason` (and "
			+ "`alternatives` where another time or therapist would do).";

	private static final Map<String, Endpoint> ALL = new LinkedHashMap<>();

	static {
		add("GET /api/v1/therapists", new Endpoint(CATALOG, "List the therapists",
				"Every therapist with the services they perform. No token needed.", INFERRED, true, List.of()));
		add("GET /api/v1/services", new Endpoint(CATALOG, "List the services",
				"Every service with its length, the buffer kept free after it, its price and the room type it needs. "
						+ "No token needed.",
				INFERRED, true, List.of()));
		add("GET /api/v1/availability", new Endpoint(AVAILABILITY, "Free starts of a local day",
				"The bookable starts of a day in the spa's time zone, per qualified therapist, as local times with the "
						+ "offset of that moment. No token needed, except with `customerId` (that customer or the front "
						+ "desk: leaves out the times the customer is busy) or `bookingId` (a booking about to be "
						+ "rescheduled, its own time counted as free; `404` if it is not the caller's to move).",
				INFERRED, true, List.of(400, 403, 404, 422)));
		add("POST /api/v1/customers", new Endpoint(CUSTOMERS, "Register a customer",
				"Staff register anyone (a new ID is made). A customer registers once, themselves: their token's "
						+ "subject becomes the customer ID. `409 email-taken` if the address is registered already "
						+ "(whatever its case), `409 customer-exists` if the customer is.",
				CREATED, false, concat(BODY, List.of(403, 409))));
		add("GET /api/v1/customers/{customerId}", new Endpoint(CUSTOMERS, "Read a customer",
				"The customer's profile. Another customer's is `404`, as if it did not exist.", INFERRED, false,
				List.of(400, 403, 404)));
		add("GET /api/v1/customers/{customerId}/bookings", new Endpoint(CUSTOMERS, "A customer's bookings",
				"The customer's bookings (every status), by start, a page at a time: follow `next` until it is null. "
						+ "A customer lists their own only (another's are `404`, as if the customer did not exist); the "
						+ "front desk and admins list anyone's.",
				INFERRED, false, List.of(400, 403, 404)));
		add("POST /api/v1/bookings", new Endpoint(BOOKINGS, "Hold a slot",
				"Holds a treatment for a customer (a customer only in their own name, else `403`). `start` is ISO-8601 "
						+ "with an offset, in the future and within the booking horizon (365 days). The hold runs out "
						+ "unless confirmed in time (`holdExpiresAt`)." + ASYNC,
				HOLD, false, concat(BODY, List.of(403, 409, 422))));
		add("GET /api/v1/bookings", new Endpoint(BOOKINGS, "A therapist's calendar",
				"The therapist's bookings (every status) whose treatment overlaps `[from, to)` (at most 92 days), by "
						+ "start, a page at a time: follow `next` until it is null.",
				INFERRED, false, List.of(400, 403, 422)));
		add("GET /api/v1/bookings/{bookingId}", new Endpoint(BOOKINGS, "Read a booking",
				"The booking. Another customer's is `404`, as if it did not exist.", INFERRED, false,
				List.of(400, 403, 404)));
		add("POST /api/v1/bookings/{bookingId}/confirm", new Endpoint(BOOKINGS, "Confirm a hold",
				"Confirms a held booking (the payment service does once paid). A hold confirmed after it ran out is "
						+ "rejected (`HOLD_EXPIRED`) unless its time is still free. An item of a booking session is confirmed with "
						+ "its booking session only (`409 part-of-session`)." + ASYNC,
				CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("POST /api/v1/bookings/{bookingId}/cancel", new Endpoint(BOOKINGS, "Cancel a booking",
				"Cancelling a hold releases it (`RELEASED`), cancelling a confirmed booking cancels it (`CANCELLED`); "
						+ "cancelling what is no longer active changes nothing. Once its start has passed a booking cannot "
						+ "be cancelled (`409 BOOKING_STARTED`). A customer's cancellation inside the free-cancellation "
						+ "window of the booking's `policy` succeeds and costs its late-cancellation fee (a `FeeCharged` "
						+ "event); the front desk's is free. An item of a booking session is cancelled with its "
						+ "booking session only." + ASYNC,
				CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("POST /api/v1/bookings/{bookingId}/reschedule", new Endpoint(BOOKINGS, "Move a confirmed booking",
				"Moves a confirmed booking to a new start (and, with `therapistId`, to another therapist) as one step: "
						+ "it has the new time (the old one is freed) or keeps the old one. A rejection offers "
						+ "`alternatives`, counting the booking's own time as free. Not once its start has passed "
						+ "(`409 BOOKING_STARTED`); inside the reschedule window of the booking's `policy` only the front "
						+ "desk moves it, giving a `reason` (`409 RESCHEDULE_WINDOW_CLOSED` otherwise)." + ASYNC,
				CHANGE, false, concat(BODY, List.of(403, 404, 409, 422))));
		add("POST /api/v1/bookings/{bookingId}/complete", new Endpoint(BOOKINGS, "Mark a booking completed",
				"The front desk's, from the booking's start on (`409 NOT_STARTED` before): the treatment took place, "
						+ "the booking is `COMPLETED` (a `BookingCompleted` event). Only a confirmed booking (`409 "
						+ "NOT_CONFIRMED`); marking it again changes nothing. An item of a booking session is marked on its own." + ASYNC,
				CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("POST /api/v1/bookings/{bookingId}/no-show", new Endpoint(BOOKINGS, "Mark a booking as a no-show",
				"The front desk's, from the booking's start on (`409 NOT_STARTED` before): the customer did not come, "
						+ "the booking is `NO_SHOW` (a `NoShowRecorded` event, and a `FeeCharged` event with the no-show "
						+ "fee of its `policy`, if any). Only a confirmed booking (`409 NOT_CONFIRMED`); marking it "
						+ "again changes nothing. An item of a booking session is marked on its own." + ASYNC,
				CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("GET /api/v1/booking-events", new Endpoint(BOOKINGS, "Follow the booking events live",
				"Server-Sent Events (`text/event-stream`): every booking event from the moment the stream opens, each as "
						+ "on the `booking.events` topic (the same JSON, `type` inside it; see schemas/asyncapi.yaml), with "
						+ "its `eventId` as the SSE `id`, and a comment line now and then while nothing happens. Nothing "
						+ "is replayed: a client that reconnects reads what it shows again first (the front-desk page "
						+ "does). The front desk only. `503` when the gateway has `booking.live.max-streams` open.",
				INFERRED, false, List.of(403)));
		add("POST /api/v1/booking-sessions", new Endpoint(SESSIONS, "Hold a booking session",
				"Holds 1 to 10 treatments for one customer, all or none, with one hold expiry. A rejection lists each "
						+ "item's outcome (`items`), with alternatives for the items in the way." + ASYNC,
				SESSION_HOLD, false, concat(BODY, List.of(403, 409, 422))));
		add("GET /api/v1/booking-sessions/{sessionId}", new Endpoint(SESSIONS, "Read a booking session",
				"The booking session and its items; `status` is the items' common status, or `MIXED`. Another customer's is "
						+ "`404`.",
				INFERRED, false, List.of(400, 403, 404)));
		add("POST /api/v1/booking-sessions/{sessionId}/confirm", new Endpoint(SESSIONS, "Confirm a booking session",
				"Confirms every item or none: if any hold ran out and its time is gone, nothing is confirmed." + ASYNC,
				SESSION_CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("POST /api/v1/booking-sessions/{sessionId}/cancel", new Endpoint(SESSIONS, "Cancel a booking session",
				"Cancels (or releases) every item, or none once an item has started (`409 BOOKING_STARTED`). A "
						+ "customer's cancellation costs each confirmed item inside its free-cancellation window that "
						+ "item's late-cancellation fee (a `FeeCharged` event per item); the front desk's is free." + ASYNC,
				SESSION_CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("POST /api/v1/waitlist", new Endpoint(WAITLIST, "Join the waitlist",
				"Puts a customer (a customer only themself, else `403`; the front desk anyone) in line for a service on "
						+ "a `day`, for any start from `earliest` to `latest` (the spa's local times), with `therapistId` or "
						+ "any qualified therapist. When such a time is released, the worker holds it for the first entry "
						+ "in line that can take it (`OFFERED`, `offeredBookingId`, `offerExpiresAt`): confirm that booking "
						+ "to book it. At most `booking.waitlist.max-open-entries-per-customer` (5) open entries per customer (`409 "
						+ "TOO_MANY_WAITLIST_ENTRIES`)." + ASYNC,
				WAITLIST_JOIN, false, concat(BODY, List.of(403, 409, 422))));
		add("GET /api/v1/waitlist", new Endpoint(WAITLIST, "A day's waitlist",
				"The front desk's: every entry of the local `day`, in line order, in every status.", INFERRED, false,
				List.of(400, 403)));
		add("GET /api/v1/waitlist/{entryId}", new Endpoint(WAITLIST, "Read a waitlist entry",
				"The entry and its offer, if it has one. Another customer's is `404`, as if it did not exist.", INFERRED,
				false, List.of(400, 403, 404)));
		add("POST /api/v1/waitlist/{entryId}/leave", new Endpoint(WAITLIST, "Leave the waitlist",
				"A waiting entry is `LEFT`. An entry that was offered a time is declined: its hold is cancelled "
						+ "(`OFFER_DECLINED`) and the time goes to the next entry in line. A closed one is `409 "
						+ "WAITLIST_ENTRY_CLOSED`." + ASYNC,
				WAITLIST_CHANGE, false, List.of(400, 403, 404, 409, 422)));
		add("GET /api/v1/customers/{customerId}/waitlist", new Endpoint(CUSTOMERS, "A customer's waitlist entries",
				"The customer's entries, newest first, with their offers. A customer lists their own only (another's "
						+ "are `404`); the front desk lists anyone's.",
				INFERRED, false, List.of(400, 403, 404)));
		add("GET /api/v1/requests/{requestId}", new Endpoint(REQUESTS, "Where a request stands",
				"`PENDING` until the worker has decided, then `SUCCEEDED` (with `bookingId`), `REJECTED` or `FAILED` "
						+ "(with the `problem` the request would have been answered with). Answers after a gateway "
						+ "restart too. A request is the caller's (and the front desk's) only: another's is `404`.",
				INFERRED, false, List.of(400, 404)));
		add("GET /api/v1/admin/booking-policy", new Endpoint(ADMIN, "Read the spa's booking policy",
				"The default booking policy: for every service without one of its own.", INFERRED, false, List.of(403)));
		add("PUT /api/v1/admin/booking-policy", new Endpoint(ADMIN, "Set the spa's booking policy",
				"The default booking policy: least lead time to book, free-cancellation and reschedule windows (hours "
						+ "before the start), late-cancellation and no-show fees and the deposit taken at confirmation, "
						+ "each `{amount, percent}` with one of them null: an amount in the spa's currency or a percent "
						+ "of the price (both null: nothing). "
						+ "Applies to holds placed from now on: a booking keeps the policy it was held under.",
				INFERRED, false, concat(BODY, List.of(403))));
		add("GET /api/v1/admin/services/{serviceId}/booking-policy", new Endpoint(ADMIN, "Read a service's booking policy",
				"The policy a hold of the service gets: its own, or the spa's default.", INFERRED, false,
				List.of(400, 403, 404)));
		add("PUT /api/v1/admin/services/{serviceId}/booking-policy", new Endpoint(ADMIN, "Set a service's booking policy",
				"The service's own booking policy, in place of the spa's default, for holds placed from now on (as the "
						+ "spa's policy is described).",
				INFERRED, false, concat(BODY, List.of(403, 404))));
		add("POST /api/v1/admin/rooms", new Endpoint(ADMIN, "Add a room",
				"A room of a type (`massage`, `treatment`, ...): a service needing that type takes one for its treatment "
						+ "plus buffer.",
				CREATED, false, concat(BODY, List.of(403))));
		add("GET /api/v1/admin/rooms", new Endpoint(ADMIN, "List the rooms", "Every room with its type.", INFERRED,
				false, List.of(403)));
		add("POST /api/v1/admin/services", new Endpoint(ADMIN, "Add a service",
				"A service: its length, the buffer kept free after it, its price and the room type it needs (none if "
						+ "absent).",
				CREATED, false, concat(BODY, List.of(403))));
		add("POST /api/v1/admin/therapists", new Endpoint(ADMIN, "Add a therapist",
				"A therapist and the services they are qualified for (unknown services are `422`).", CREATED, false,
				concat(BODY, List.of(403, 422))));
		add("PUT /api/v1/admin/therapists/{therapistId}/services", new Endpoint(ADMIN, "Set a therapist's services",
				"Replaces what the therapist is qualified for.", INFERRED, false, concat(BODY, List.of(403, 404, 422))));
		add("GET /api/v1/admin/therapists/{therapistId}/working-hours", new Endpoint(ADMIN, "Read working hours",
				"The therapist's weekly hours in local time, several intervals a day for breaks.", INFERRED, false,
				List.of(400, 403, 404)));
		add("PUT /api/v1/admin/therapists/{therapistId}/working-hours", new Endpoint(ADMIN, "Set working hours",
				"Replaces the weekly hours (local time; an `end` of `00:00` is midnight). Rejected with "
						+ "`409 bookings-affected` and `affectedBookings` if an active booking would be left outside "
						+ "them; overlapping intervals are `422`.",
				INFERRED, false, concat(BODY, List.of(403, 404, 409, 422))));
		add("POST /api/v1/admin/time-off", new Endpoint(ADMIN, "Add time off or a closure",
				"Time off for a therapist, or without `therapistId` a closure of the whole spa: either `start` and "
						+ "`end` (instants), or `firstDay` and `lastDay` (whole local days, inclusive). Rejected with "
						+ "`409 bookings-affected` and `affectedBookings` if it would cover an active booking.",
				CREATED, false, concat(BODY, List.of(403, 404, 409, 422))));
		add("GET /api/v1/admin/audit", new Endpoint(ADMIN, "Run the invariant audit",
				"Counts, by kind, what should never exist (overlapping bookings of a therapist, a room or a customer, "
						+ "...): every count is zero in a healthy system.",
				INFERRED, false, List.of(403)));
	}

	private Endpoints() {
	}

	/** @param key method and path pattern, as in {@code "GET /api/v1/bookings/{bookingId}"} */
	static Endpoint of(String key) {
		return ALL.get(key);
	}

	private static void add(String key, Endpoint endpoint) {
		ALL.put(key, endpoint);
	}

	private static List<Integer> concat(List<Integer> first, List<Integer> second) {
		return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
	}
}
