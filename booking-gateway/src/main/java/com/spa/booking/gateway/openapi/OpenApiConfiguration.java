package com.spa.booking.gateway.openapi;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.ProblemDetail;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.WaitPreference;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.Role;
import com.spa.booking.gateway.web.PlainText;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.RejectionReason;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI document at {@code /v3/api-docs}: springdoc reads the paths, parameters, bodies and answers off the
 * controllers; this adds what it cannot see there: the bearer tokens and their roles, the problems every endpoint may
 * answer with (with the members this API adds to RFC 9457's), the headers of the asynchronous pattern, and the
 * summaries and descriptions of {@link Endpoints}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String BEARER = "bearer";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private static final String SCHEMAS = "#/components/schemas/";

	static {
		// the caller comes from the token, not from the request's parameters; the wait and the key are headers,
		// described by headersOfTheAsynchronousPattern; a problem is written flat, not as Spring's ProblemDetail class
		// with its "properties" map
		SpringDocUtils.getConfig()
			.addRequestWrapperToIgnore(Caller.class, WaitPreference.class, IdempotencyKey.class)
			.replaceWithSchema(ProblemDetail.class, new Schema<>().$ref(SCHEMAS + "Problem"));
	}

	@Bean
	OpenAPI bookingApi() {
		String roles = Arrays.stream(Role.values()).map(role -> "`" + role.claim() + "`").collect(Collectors.joining(", "));
		return new OpenAPI()
			.info(new Info().title("spa-booking API")
				.version("v1")
				.description("""
						Booking requests for spas and beauty salons: a therapist is never booked twice. Holds, \
						confirmations, cancellations, reschedules and booking sessions are decided one at a time per therapist \
						by the booking worker: each is answered `202 Accepted` with the request's location, or, with \
						`Prefer: wait=N`, with the outcome.

						Times are ISO-8601 instants (`2030-06-03T08:00:00Z`); availability and alternatives speak the \
						spa's local time with its offset. Every error is `application/problem+json` (RFC 9457) with a \
						stable `type`; see the `Problem` schema for the types and the members added to them."""))
			.components(new Components().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("A JWT from the spa's identity provider (locally: `./run-local`'s issuer on port 9000). "
						+ "Its `roles` claim (a list, or a space-separated string) holds any of " + roles
						+ "; a customer's token has their customer ID as its subject (`sub`). Without a token, or with a "
						+ "bad or expired one: `401`; a role that may not: `403`.")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	/**
	 * The {@code Prefer} and {@code Idempotency-Key} headers of every handler that takes them (as
	 * {@link WaitPreference} and {@link IdempotencyKey}, read by {@code RequestArguments}), in the handler's order.
	 */
	@Bean
	OperationCustomizer headersOfTheAsynchronousPattern() {
		return (operation, handler) -> {
			for (MethodParameter parameter : handler.getMethodParameters()) {
				if (parameter.getParameterType() == WaitPreference.class) {
					operation.addParametersItem(header(WaitPreference.HEADER));
				}
				if (parameter.getParameterType() == IdempotencyKey.class) {
					Parameter key = header(IdempotencyKey.HEADER);
					key.getSchema().maxLength(IdempotencyKey.MAX_LENGTH);
					operation.addParametersItem(key);
				}
			}
			return operation;
		};
	}

	/** The bounds of {@link PlainText}, documented as those of {@code @Size} are. */
	@Bean
	PropertyCustomizer plainTextBounds() {
		return (property, type) -> {
			Annotation[] annotations = type.getCtxAnnotations() == null ? new Annotation[0] : type.getCtxAnnotations();
			for (Annotation annotation : annotations) {
				if (annotation instanceof PlainText text) {
					property.setMaxLength(text.max());
					if (text.min() > 0) {
						property.setMinLength(text.min());
					}
				}
			}
			return property;
		};
	}

	private static Parameter header(String name) {
		return new HeaderParameter().name(name).required(false).schema(new StringSchema());
	}

	@Bean
	OpenApiCustomizer bookingApiDetails(GatewayProperties properties) {
		GatewayProperties.ListingLimits listing = properties.listing();
		return api -> {
			Components components = api.getComponents();
			Problem.schemas().forEach(components::addSchemas);
			components.addSchemas("Accepted", accepted(false));
			components.addSchemas("SessionAccepted", accepted(true));
			components.addSchemas("WaitlistAccepted", waitlistAccepted());
			ANSWERS.forEach((name, nullable) -> answer(components, name, nullable));
			// the booking's money as the events carry it (schemas' Price and Charge): a decimal string, never a float
			components.getSchemas().get("Price").addProperty("amount", decimalString());
			components.getSchemas().get("Charge").addProperty("amount", decimalString().nullable(true));
			// members without a value are left out of a request's status, not written as null
			components.getSchemas().get("RequestView").setRequired(List.of("requestId", "status"));
			api.getPaths().forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> describe(method + " " + path, operation, components)));
			api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> paged(operation, listing)));
		};
	}

	/**
	 * The records answered, and which of their members may be null: Jackson writes every member, so the others are
	 * always there and never null.
	 */
	private static final Map<String, List<String>> ANSWERS = Map.ofEntries(
			Map.entry("BookingView", List.of("holdExpiresAt", "roomId", "sessionId", "price", "policy")),
			Map.entry("Price", List.of()),
			Map.entry("BookingPolicy", List.of()),
			Map.entry("Charge", List.of("amount", "percent")),
			Map.entry("PolicyTerms", List.of()),
			Map.entry("ChargeTerms", List.of("amount", "percent")),
			Map.entry("SessionView", List.of("holdExpiresAt")),
			Map.entry("Customer", List.of("phone")),
			Map.entry("Therapist", List.of()),
			Map.entry("SpaService", List.of("roomType")),
			Map.entry("Room", List.of()),
			Map.entry("TimeOff", List.of("therapistId", "reason")),
			Map.entry("Day", List.of()),
			Map.entry("TherapistStarts", List.of()),
			Map.entry("Week", List.of()),
			Map.entry("Interval", List.of()),
			Map.entry("Skills", List.of()),
			Map.entry("ListingBookingView", List.of("next")),
			Map.entry("WaitlistEntryView", List.of("therapistId", "offeredBookingId", "offerExpiresAt")));

	private static Schema<String> decimalString() {
		return new StringSchema().pattern("^-?[0-9]+(\\.[0-9]+)?$")
			.description("A decimal number as a string, so that no floating point rounds it: \"80.00\".");
	}

	private static void answer(Components components, String name, List<String> nullable) {
		Schema<?> schema = components.getSchemas().get(name);
		if (schema == null) {
			throw new IllegalStateException("no schema " + name + " among " + components.getSchemas().keySet());
		}
		schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
		nullable.forEach(property -> schema.getProperties().get(property).setNullable(true));
	}

	private static void describe(String key, Operation operation, Components components) {
		Endpoints.Endpoint endpoint = Endpoints.of(key);
		if (endpoint == null) {
			return; // undocumented: the document test names it
		}
		operation.setTags(List.of(endpoint.tag()));
		if (Endpoints.SESSIONS.equals(endpoint.tag()) && operation.getOperationId().matches(".*_\\d+")) {
			// springdoc numbers the session's handlers that share a name with the booking's
			operation.setOperationId(operation.getOperationId().replaceAll("_\\d+$", "") + "Session");
		}
		operation.setSummary(endpoint.summary());
		operation.setDescription(endpoint.description());
		if (endpoint.publicToo()) {
			// an empty requirement: no token needed (one that is sent is checked all the same)
			operation.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(BEARER)));
		}
		if (operation.getParameters() != null) {
			operation.getParameters().forEach(OpenApiConfiguration::describe);
		}
		ApiResponses responses = operation.getResponses();
		ApiResponse inferred = responses.get("200");
		switch (endpoint.success()) {
			case INFERRED -> {
			}
			case CREATED -> {
				responses.remove("200");
				responses.addApiResponse("201", inferred.description("Created").headers(location("the new resource")));
			}
			case HOLD, SESSION_HOLD -> {
				responses.clear();
				String created = endpoint.success() == Endpoints.Success.HOLD ? "BookingView" : "SessionView";
				responses.addApiResponse("201", json("Held (with `Prefer: wait=N`, decided in time)", created, components)
					.headers(location("the new " + (created.equals("BookingView") ? "booking" : "booking session"))));
				responses.addApiResponse("202", accepted(endpoint.success() == Endpoints.Success.SESSION_HOLD, components));
				responses.values().forEach(OpenApiConfiguration::preferenceApplied);
			}
			case CHANGE, SESSION_CHANGE -> {
				responses.clear();
				String changed = endpoint.success() == Endpoints.Success.CHANGE ? "BookingView" : "SessionView";
				responses.addApiResponse("200", json("Done (with `Prefer: wait=N`, decided in time)", changed, components));
				responses.addApiResponse("202", accepted(endpoint.success() == Endpoints.Success.SESSION_CHANGE, components));
				responses.values().forEach(OpenApiConfiguration::preferenceApplied);
			}
			case WAITLIST_JOIN, WAITLIST_CHANGE -> {
				responses.clear();
				boolean join = endpoint.success() == Endpoints.Success.WAITLIST_JOIN;
				ApiResponse done = json(join ? "Joined (with `Prefer: wait=N`, decided in time)"
						: "Done (with `Prefer: wait=N`, decided in time)", "WaitlistEntryView", components);
				responses.addApiResponse(join ? "201" : "200", join ? done.headers(location("the new entry")) : done);
				responses.addApiResponse("202", json("Accepted: the worker has not decided yet (or not within the wait "
						+ "asked for); the request's status is at `Location`", "WaitlistAccepted", components)
					.headers(location("the request: `GET /api/v1/requests/{requestId}`")));
				responses.values().forEach(OpenApiConfiguration::preferenceApplied);
			}
		}
		responses.values().forEach(response -> {
			if (response.getDescription() == null || response.getDescription().isBlank()
					|| "OK".equals(response.getDescription())) {
				response.setDescription("OK");
			}
		});
		List<Integer> errors = new ArrayList<>(endpoint.errors());
		errors.addAll(List.of(401, 429, 500, 503));
		errors.stream().sorted().distinct().forEach(status -> responses.addApiResponse(Integer.toString(status),
				Problem.response(status, endpoint)));
	}

	private static ApiResponse json(String description, String schema, Components components) {
		if (components.getSchemas() == null || !components.getSchemas().containsKey(schema)) {
			throw new IllegalStateException("no schema " + schema + " among " + components.getSchemas().keySet());
		}
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(JSON, new MediaType().schema(new Schema<>().$ref(SCHEMAS + schema))));
	}

	private static ApiResponse accepted(boolean session, Components components) {
		return json("Accepted: the worker has not decided yet (or not within the wait asked for); the request's "
				+ "status is at `Location`", session ? "SessionAccepted" : "Accepted", components)
			.headers(location("the request: `GET /api/v1/requests/{requestId}`"));
	}

	/** Sent when the request asked to wait: the wait it was given (the one asked for, or the cap). */
	private static void preferenceApplied(ApiResponse response) {
		Map<String, Header> headers = response.getHeaders() == null ? new LinkedHashMap<>() : response.getHeaders();
		headers.put("Preference-Applied", new Header()
			.description("`wait=N` (RFC 7240): how long the gateway waited for the outcome, when `Prefer: wait` asked it to")
			.schema(new StringSchema().pattern("^wait=[0-9]+$")));
		response.setHeaders(headers);
	}

	private static Map<String, Header> location(String what) {
		Map<String, Header> headers = new LinkedHashMap<>();
		headers.put("Location", new Header().description("Where to find " + what).required(true)
			.schema(new StringSchema().format("uri-reference")));
		return headers;
	}

	private static Schema<?> accepted(boolean session) {
		ObjectSchema schema = new ObjectSchema();
		schema.addProperty("requestId", new UUIDSchema().description("`GET /api/v1/requests/{requestId}` tells the outcome"));
		if (session) {
			schema.addProperty("sessionId", new UUIDSchema().description("the booking session's ID, once it is held"));
		}
		schema.addProperty("status", new StringSchema()._enum(List.of("PENDING")));
		schema.setRequired(session ? List.of("requestId", "sessionId", "status") : List.of("requestId", "status"));
		return schema.description("A request taken and queued, not yet decided.");
	}

	/** A waitlist request taken: the entry's ID is known at once (the gateway chose it), its fate not yet. */
	private static Schema<?> waitlistAccepted() {
		ObjectSchema schema = new ObjectSchema();
		schema.addProperty("requestId", new UUIDSchema().description("`GET /api/v1/requests/{requestId}` tells the outcome"));
		schema.addProperty("entryId", new UUIDSchema().description("the entry's ID: `GET /api/v1/waitlist/{entryId}`"));
		schema.addProperty("status", new StringSchema()._enum(List.of("PENDING")));
		schema.setRequired(List.of("requestId", "status"));
		return schema.description("A waitlist request taken and queued, not yet decided.");
	}

	private static final Map<String, String> PARAMETERS = Map.ofEntries(
			Map.entry(IdempotencyKey.HEADER, "Makes a retry safe: the same key (of the same caller) is the same request "
					+ "and returns its outcome; the same key with another body is `422 idempotency-key-reused`. Keys "
					+ "are kept 30 days."),
			Map.entry(WaitPreference.HEADER, "`wait=N` (RFC 7240): wait up to N seconds (at most 30) for the outcome instead of "
					+ "answering `202` at once. Anything unreadable means no wait."),
			Map.entry("therapistId", "A therapist's ID"),
			Map.entry("serviceId", "A service's ID"),
			Map.entry("bookingId", "A booking's ID"),
			Map.entry("sessionId", "A booking session's ID"),
			Map.entry("requestId", "The request's ID, from a `202` answer or a problem"),
			Map.entry("customerId", "A customer's ID"),
			Map.entry("date", "A day in the spa's time zone"),
			Map.entry("from", "The start of the window, ISO-8601 with an offset"),
			Map.entry("to", "The end of the window (exclusive), ISO-8601 with an offset; at most 92 days after `from`"));

	/** The page size's bounds and default are the gateway's settings ({@code booking.listing}), not constants. */
	private static void paged(Operation operation, GatewayProperties.ListingLimits listing) {
		if (operation.getParameters() == null) {
			return;
		}
		for (Parameter parameter : operation.getParameters()) {
			if ("limit".equals(parameter.getName())) {
				parameter.description("Items per page, at most " + listing.maxLimit() + "; a bad number is `400`")
					.schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)
						.maximum(java.math.BigDecimal.valueOf(listing.maxLimit()))
						._default(listing.defaultLimit()));
			}
			if ("cursor".equals(parameter.getName())) {
				parameter.description("Where the page starts: the `next` of the page before (opaque); absent for "
						+ "the first page. One this API did not give out is `400`.");
			}
		}
	}

	private static void describe(Parameter parameter) {
		if (parameter.getDescription() == null) {
			parameter.setDescription(PARAMETERS.get(parameter.getName()));
		}
	}

	/** The problem schema, its members and its types, and the error answers made of it. */
	static final class Problem {

		/** Every {@code type} this API answers with, and when; a rejection's type is its reason's. */
		private static final Map<String, String> TYPES = types();

		private Problem() {
		}

		private static Map<String, String> types() {
			Map<String, String> types = new LinkedHashMap<>();
			types.put("invalid-request", "400: malformed JSON, missing or mistyped fields, unparsable times or IDs (`errors`)");
			types.put("unprocessable-request", "422: well-formed but not acceptable: a start in the past or beyond the "
					+ "horizon, an unknown customer, therapist or service, a time outside 2000-2199 (`errors`)");
			types.put("idempotency-key-reused", "422: the Idempotency-Key was used for a different request");
			types.put("unauthorized", "401: no token, or a bad or expired one (with `WWW-Authenticate: Bearer`)");
			types.put("forbidden", "403: the caller's role may not, or a customer acts in another's name");
			types.put("not-found", "404: no such thing, or not the caller's to see");
			types.put("content-too-large", "413: the body is larger than `booking.security.max-body-size` (16 KB)");
			types.put("too-many-requests", "429: the caller's rate limit; `Retry-After` says when to try again");
			types.put("customer-exists", "409: the customer is registered already");
			types.put("email-taken", "409: another customer has the email address (`errors`)");
			types.put("part-of-session", "409: an item of a booking session changes only with its booking session");
			types.put("bookings-affected", "409: hours or time off would strand active bookings (`affectedBookings`)");
			types.put("unavailable", "503: the broker did not confirm the request in time (`requestId`: it may still "
					+ "be applied; retry with the same Idempotency-Key), or the database is out of reach");
			types.put("overloaded", "503: too many requests on their way; nothing recorded (`Retry-After`)");
			types.put("command-failed", "500: the worker could not apply the command (outcome `FAILED`)");
			types.put("internal-error", "500: anything else that went wrong on the gateway's side; may be retried");
			for (RejectionReason reason : RejectionReason.values()) {
				types.put(reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), "a rejection by the worker, `reason` "
						+ reason.name());
			}
			types.put("about:blank", "HTTP-level errors answered by Spring itself (405, 406, 415)");
			return types;
		}

		static Map<String, Schema> schemas() {
			Map<String, Schema> schemas = new LinkedHashMap<>();
			String typeList = TYPES.entrySet()
				.stream()
				.map(type -> "- `" + (type.getKey().startsWith("about:") ? type.getKey() : Problems.type(type.getKey()))
						+ "`: "
						+ type.getValue())
				.collect(Collectors.joining("\n"));
			ObjectSchema problem = new ObjectSchema();
			problem.description("An error, as RFC 9457 `application/problem+json`, with the members this API adds.");
			problem.addProperty("type", new StringSchema().format("uri")
				.description("What kind of problem; stable, to be matched by clients. One of:\n\n" + typeList)
				.example(Problems.type("slot-taken").toString()));
			problem.addProperty("title", new StringSchema().description("A short, human-readable summary of the type"));
			problem.addProperty("status", new IntegerSchema().description("The HTTP status"));
			problem.addProperty("detail", new StringSchema().description("What happened this time, in words"));
			problem.addProperty("instance", new StringSchema().format("uri-reference").description("The request's path"));
			problem.addProperty("errors", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "FieldError"))
				.description("The offending fields of an invalid request"));
			problem.addProperty("reason", new StringSchema()
				._enum(Arrays.stream(RejectionReason.values()).map(Enum::name).toList())
				.description("Why the worker rejected (see docs/api.md for each reason's status)"));
			problem.addProperty("requestId", new UUIDSchema().description("The request this is the outcome of"));
			problem.addProperty("bookingId", new UUIDSchema().description("The booking the request was about, if it exists"));
			problem.addProperty("sessionId", new UUIDSchema().description("The booking session the request was about"));
			problem.addProperty("alternatives", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "Alternative"))
				.description("Up to 5 starts to offer instead of a rejected hold or reschedule: the same start with "
						+ "other qualified therapists first, then the nearest free starts with the same therapist"));
			problem.addProperty("items", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "SessionItemOutcome"))
				.description("A rejected booking session: each item's outcome"));
			problem.addProperty("affectedBookings", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "AffectedBooking"))
				.description("The active bookings that new hours or time off would strand"));
			problem.setRequired(List.of("type", "title", "status"));
			schemas.put("Problem", problem);

			ObjectSchema field = new ObjectSchema();
			field.addProperty("field", new StringSchema().description("The field, header or parameter, such as "
					+ "`items[0].start`; `body` for a body that is not JSON"));
			field.addProperty("message", new StringSchema());
			field.setRequired(List.of("field", "message"));
			schemas.put("FieldError", field);

			ObjectSchema alternative = new ObjectSchema();
			alternative.addProperty("therapistId", new UUIDSchema());
			alternative.addProperty("therapistName", new StringSchema());
			alternative.addProperty("start", new DateTimeSchema().description("Local time with the spa's offset"));
			alternative.setRequired(List.of("therapistId", "therapistName", "start"));
			schemas.put("Alternative", alternative);

			ObjectSchema item = new ObjectSchema();
			item.addProperty("bookingId", new UUIDSchema());
			item.addProperty("therapistId", new UUIDSchema());
			item.addProperty("serviceId", new UUIDSchema());
			item.addProperty("start", new DateTimeSchema());
			item.addProperty("status", new StringSchema().nullable(true)
				.description("The item's booking status; null for an item never held"));
			item.addProperty("reason", new StringSchema().description("Why this item was rejected"));
			item.addProperty("detail", new StringSchema());
			item.addProperty("alternatives", new ArraySchema().items(new Schema<>().$ref(SCHEMAS + "Alternative")));
			item.setRequired(List.of("bookingId", "therapistId", "serviceId", "start", "status"));
			schemas.put("SessionItemOutcome", item);

			ObjectSchema affected = new ObjectSchema();
			affected.addProperty("bookingId", new UUIDSchema());
			affected.addProperty("therapistId", new UUIDSchema());
			affected.addProperty("start", new DateTimeSchema());
			affected.addProperty("end", new DateTimeSchema());
			affected.addProperty("blockedUntil", new DateTimeSchema().description("The end of its buffer"));
			affected.addProperty("status", new StringSchema());
			affected.setRequired(List.of("bookingId", "therapistId", "start", "end", "blockedUntil", "status"));
			schemas.put("AffectedBooking", affected);
			return schemas;
		}

		private static final Map<Integer, String> WHEN = Map.ofEntries(
				Map.entry(400, "Invalid request: malformed JSON, missing or mistyped fields or parameters (`errors`)"),
				Map.entry(401, "No token, or a bad or expired one"),
				Map.entry(403, "The caller's role may not, or a customer acts in another's name"),
				Map.entry(404, "Not found, or not the caller's to see"),
				Map.entry(409, "Rejected: in conflict with the current state (`reason` for the worker's rejections)"),
				Map.entry(413, "The body is too large"),
				Map.entry(415, "The body is not `application/json`"),
				Map.entry(422, "Well-formed but not acceptable (`errors`, or `reason` for the worker's rejections)"),
				Map.entry(429, "Too many requests from this caller"),
				Map.entry(500, "The request could not be processed"),
				Map.entry(503, "The broker or the database is out of reach, or too many requests are on their way"));

		static ApiResponse response(int status, Endpoints.Endpoint endpoint) {
			ApiResponse response = new ApiResponse().description(WHEN.get(status))
				.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref(SCHEMAS + "Problem"))));
			Map<String, Header> headers = new LinkedHashMap<>();
			if (status == 401) {
				headers.put("WWW-Authenticate", new Header().description("`Bearer`, with the error (RFC 6750)")
					.required(true)
					.schema(new StringSchema()));
			}
			if (status == 429 || status == 503) {
				headers.put("Retry-After", new Header().description(status == 429 ? "Seconds until the caller may try again"
						: "Seconds to wait before retrying, when the database is out of reach or requests are shed")
					.required(status == 429)
					.schema(new IntegerSchema()));
			}
			return headers.isEmpty() ? response : response.headers(headers);
		}
	}
}
