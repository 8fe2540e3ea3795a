package com.spa.booking.gateway.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.spa.booking.gateway.catalog.CatalogQueries;
import com.spa.booking.gateway.request.AnswerPathTestSupport;
import com.spa.booking.gateway.request.CommandSubmitter;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.InFlightLimit;
import com.spa.booking.gateway.request.RequestState;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.SecurityTestSupport;
import com.spa.booking.schemas.Actor;
import com.spa.booking.schemas.JoinWaitlist;

/**
 * The waitlist controller as HTTP sees it, on a web slice: a join it cannot read is a bad request naming the field,
 * decided by nobody; one it can is submitted and answered as every command is. The whole stack is tested in
 * WaitlistApiIntegrationTests.
 */
@WebMvcTest(controllers = WaitlistController.class)
@Import({ SecurityTestSupport.class, AnswerPathTestSupport.class })
class WaitlistControllerWebTests {

	static final UUID CUSTOMER = UUID.randomUUID();

	static final UUID SERVICE = UUID.randomUUID();

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CommandSubmitter submitter;

	@MockitoBean
	WaitlistCommandFactory commands;

	@MockitoBean
	WaitlistViews views;

	@MockitoBean
	CatalogQueries catalog;

	@MockitoBean
	JwtDecoder jwtDecoder;

	@MockitoBean
	InFlightLimit inFlight;

	static Stream<Arguments> badJoinBodies() {
		String valid = join("2030-06-03", "10:00", "12:00");
		return Stream.of(Arguments.of("malformed JSON", "{\"customerId\": ", "body"),
				Arguments.of("missing day", valid.replace("\"day\"", "\"date\""), "day"),
				Arguments.of("unparsable day", join("June 3rd", "10:00", "12:00"), "day"),
				Arguments.of("an hour that is none", join("2030-06-03", "25:00", "12:00"), "earliest"),
				Arguments.of("missing latest", valid.replace("\"latest\"", "\"until\""), "latest"),
				Arguments.of("serviceId not a UUID", valid.replace(SERVICE.toString(), "massage"), "serviceId"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badJoinBodies")
	void aBadJoinBodyIsABadRequestNamingTheFieldAndDecidesNothing(String what, String body, String field) {
		var answer = mvc.post().uri("/api/v1/waitlist").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
		verifyNoInteractions(commands, submitter);
	}

	@Test
	void anUndecidedJoinIsAccepted202WithTheEntrysIdAndTheRequestsLocation() {
		LocalDate day = LocalDate.parse("2030-06-03");
		JoinWaitlist command = JoinWaitlist.requested(CUSTOMER, SERVICE, null, day,
				Instant.parse("2030-06-03T08:00:00Z"), Instant.parse("2030-06-03T10:00:00Z"), Actor.FRONT_DESK,
				Instant.now());
		given(commands.join(any(Caller.class), eq(CUSTOMER), eq(SERVICE), eq(null), eq(day), eq(LocalTime.of(10, 0)),
				eq(LocalTime.of(12, 0))))
			.willReturn(command);
		given(submitter.submit(eq(command), any(Caller.class), eq(IdempotencyKey.NONE), eq(Duration.ZERO)))
			.willReturn(CompletableFuture.completedFuture(new RequestState(command.requestId(), "JoinWaitlist", null,
					RequestState.Status.PENDING, null, null)));

		var answer = mvc.post().uri("/api/v1/waitlist").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content(join("2030-06-03", "10:00", "12:00"))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.ACCEPTED).hasHeader("Location", "/api/v1/requests/" + command.requestId());
		assertThat(answer).bodyJson().extractingPath("$.entryId").isEqualTo(command.entryId().toString());
		assertThat(answer).bodyJson().extractingPath("$.status").isEqualTo("PENDING");
	}

	@Test
	void aDaysLineWithoutADayIsABadRequest() {
		var answer = mvc.get().uri("/api/v1/waitlist").with(frontDesk()).exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(views);
	}

	private static String join(String day, String earliest, String latest) {
		return "{\"customerId\":\"%s\",\"serviceId\":\"%s\",\"day\":\"%s\",\"earliest\":\"%s\",\"latest\":\"%s\"}"
			.formatted(CUSTOMER, SERVICE, day, earliest, latest);
	}

	private static RequestPostProcessor frontDesk() {
		return jwt().jwt(token -> token.subject("desk-1").claim("roles", java.util.List.of("front-desk")))
			.authorities(new SimpleGrantedAuthority("ROLE_front-desk"));
	}
}
