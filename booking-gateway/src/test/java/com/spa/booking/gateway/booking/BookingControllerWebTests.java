package com.spa.booking.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.spa.booking.gateway.request.AnswerPathTestSupport;
import com.spa.booking.gateway.request.CommandSubmitter;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.InFlightLimit;
import com.spa.booking.gateway.request.RequestState;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.web.Problems;
import com.spa.booking.schemas.PlaceHold;

/**
 * The booking controller as HTTP sees it, on a web slice: what it accepts, what it rejects before anything is decided,
 * and how a decision becomes an answer. The decisions themselves are mocked; the whole stack is tested elsewhere.
 */
@WebMvcTest(controllers = BookingController.class)
@org.springframework.context.annotation.Import({ com.spa.booking.gateway.security.SecurityTestSupport.class,
		AnswerPathTestSupport.class })
class BookingControllerWebTests {

	static final UUID CUSTOMER = UUID.randomUUID();

	static final UUID THERAPIST = UUID.randomUUID();

	static final UUID SERVICE = UUID.randomUUID();

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CommandSubmitter submitter;

	@MockitoBean
	BookingCommandFactory commands;

	@MockitoBean
	BookingViews views;

	@MockitoBean
	JwtDecoder jwtDecoder;

	/** Load shedding counts requests in flight; this slice takes no real ones. */
	@MockitoBean
	InFlightLimit inFlight;

	static Stream<Arguments> badHoldBodies() {
		String valid = hold("2030-06-03T10:00:00Z");
		return Stream.of(Arguments.of("malformed JSON", "{\"customerId\": ", "body"),
				Arguments.of("no body at all", "", "body"),
				Arguments.of("missing customerId", valid.replace("\"customerId\"", "\"customer\""), "customerId"),
				Arguments.of("missing start", "{\"customerId\":\"%s\",\"therapistId\":\"%s\",\"serviceId\":\"%s\"}"
					.formatted(CUSTOMER, THERAPIST, SERVICE), "start"),
				Arguments.of("mistyped therapistId", valid.replace("\"" + THERAPIST + "\"", "42"), "therapistId"),
				Arguments.of("serviceId not a UUID", valid.replace(SERVICE.toString(), "massage"), "serviceId"),
				Arguments.of("unparsable start", hold("tomorrow at ten"), "start"),
				Arguments.of("start without offset", hold("2030-06-03T10:00"), "start"));
	}

	/** Bound and checked before anything is decided: no command is made, nothing is recorded or published. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("badHoldBodies")
	void aBadHoldBodyIsABadRequestNamingTheFieldAndDecidesNothing(String what, String body, String field) {
		var answer = mvc.post().uri("/api/v1/bookings").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
		assertThat(answer).bodyJson().extractingPath("$.detail").asString().contains(field);
		verifyNoInteractions(commands, submitter);
	}

	@Test
	void aStartWithoutAnOffsetSaysWhichFormatItNeeds() {
		var answer = mvc.post().uri("/api/v1/bookings").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content(hold("2030-06-03T10:00"))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(answer).bodyJson().extractingPath("$.errors[0].message").asString().contains("offset");
	}

	@Test
	void anUndecidedHoldIsAccepted202WithTheRequestsLocationAndTheWaitItGot() {
		PlaceHold command = PlaceHold.requested(CUSTOMER, THERAPIST, SERVICE, Instant.parse("2030-06-03T08:00:00Z"),
				Instant.now());
		given(commands.hold(any(Caller.class), eq(CUSTOMER), eq(THERAPIST), eq(SERVICE), eq(command.start())))
			.willReturn(command);
		given(submitter.submit(eq(command), any(Caller.class), eq(new IdempotencyKey("key-1")),
				eq(Duration.ofSeconds(5))))
			.willReturn(CompletableFuture.completedFuture(new RequestState(command.requestId(), "PlaceHold",
					command.bookingId(), RequestState.Status.PENDING, null, null)));

		var answer = mvc.post().uri("/api/v1/bookings").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", "  key-1 ")
			.header("Prefer", "wait=5")
			.content(hold("2030-06-03T10:00:00+02:00"))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader("Location", "/api/v1/requests/" + command.requestId())
			.hasHeader("Preference-Applied", "wait=5");
		assertThat(answer).bodyJson().extractingPath("$.status").isEqualTo("PENDING");
		verify(submitter).submit(eq(command), any(Caller.class), eq(new IdempotencyKey("key-1")),
				eq(Duration.ofSeconds(5)));
	}

	@Test
	void aConfirmOfABookingTheCallerMayNotSeeIsNotFound() {
		UUID booking = UUID.randomUUID();
		given(commands.confirm(any(Caller.class), eq(booking))).willThrow(Problems.notFound("booking", booking));

		var answer = mvc.post().uri("/api/v1/bookings/{id}/confirm", booking).with(frontDesk()).exchange();

		assertThat(answer).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer).bodyJson().extractingPath("$.type").isEqualTo("urn:spa-booking:problem:not-found");
		verifyNoInteractions(submitter);
	}

	@Test
	void withoutATokenAHoldIsUnauthorizedAsProblemJson() {
		var answer = mvc.post().uri("/api/v1/bookings").contentType(MediaType.APPLICATION_JSON)
			.content(hold("2030-06-03T10:00:00+02:00"))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.UNAUTHORIZED).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(commands, submitter);
	}

	private static String hold(String start) {
		return "{\"customerId\":\"%s\",\"therapistId\":\"%s\",\"serviceId\":\"%s\",\"start\":\"%s\"}".formatted(CUSTOMER,
				THERAPIST, SERVICE, start);
	}

	private static RequestPostProcessor frontDesk() {
		return jwt().jwt(token -> token.subject("desk-1").claim("roles", java.util.List.of("front-desk")))
			.authorities(new SimpleGrantedAuthority("ROLE_front-desk"));
	}
}
