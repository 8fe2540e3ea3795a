package com.spa.booking.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
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

import com.spa.booking.gateway.request.AnswerPathTestSupport;
import com.spa.booking.gateway.request.CommandSubmitter;
import com.spa.booking.gateway.request.IdempotencyKey;
import com.spa.booking.gateway.request.InFlightLimit;
import com.spa.booking.gateway.request.RequestState;
import com.spa.booking.gateway.security.Caller;
import com.spa.booking.gateway.security.SecurityTestSupport;
import com.spa.booking.schemas.HoldSession;
import com.spa.booking.schemas.SessionItem;

/** The session controller as HTTP sees it, on a web slice; what it decides is mocked, the whole stack tested elsewhere. */
@WebMvcTest(controllers = SessionController.class)
@Import({ SecurityTestSupport.class, AnswerPathTestSupport.class })
class SessionControllerWebTests {

	static final UUID CUSTOMER = UUID.randomUUID();

	static final UUID THERAPIST = UUID.randomUUID();

	static final UUID SERVICE = UUID.randomUUID();

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	CommandSubmitter submitter;

	@MockitoBean
	SessionCommandFactory commands;

	@MockitoBean
	JwtDecoder jwtDecoder;

	@MockitoBean
	InFlightLimit inFlight;

	@Test
	void aSessionWithoutItemsIsABadRequestAndDecidesNothing() {
		var answer = mvc.post().uri("/api/v1/booking-sessions").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":\"%s\",\"items\":[]}".formatted(CUSTOMER))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer).bodyJson().extractingPath("$.errors[0].field").isEqualTo("items");
		verifyNoInteractions(commands, submitter);
	}

	@Test
	void aSessionOfMoreThanTenItemsIsABadRequest() {
		String item = "{\"therapistId\":\"%s\",\"serviceId\":\"%s\",\"start\":\"2030-06-03T10:00:00+02:00\"}"
			.formatted(THERAPIST, SERVICE);
		var answer = mvc.post().uri("/api/v1/booking-sessions").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":\"%s\",\"items\":[%s]}".formatted(CUSTOMER, String.join(",", java.util.Collections.nCopies(11, item))))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(commands, submitter);
	}

	@Test
	void anItemWithoutATherapistIsABadRequestNamingItsIndex() {
		var answer = mvc.post().uri("/api/v1/booking-sessions").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":\"%s\",\"items\":[{\"serviceId\":\"%s\",\"start\":\"2030-06-03T10:00:00+02:00\"}]}"
				.formatted(CUSTOMER, SERVICE))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(answer).bodyJson().extractingPath("$.errors[0].field").asString().contains("items[0].therapistId");
		verifyNoInteractions(commands, submitter);
	}

	@Test
	void anUndecidedSessionIsAccepted202WithItsSessionAndTheRequestsLocation() {
		HoldSession command = HoldSession.requested(CUSTOMER,
				List.of(SessionItem.requested(THERAPIST, SERVICE, Instant.parse("2030-06-03T08:00:00Z"))), Instant.now());
		given(commands.hold(any(Caller.class), eq(CUSTOMER), anyList())).willReturn(command);
		given(submitter.submit(eq(command), any(Caller.class), eq(IdempotencyKey.NONE), eq(Duration.ZERO)))
			.willReturn(CompletableFuture.completedFuture(new RequestState(command.requestId(), "HoldSession", null,
					RequestState.Status.PENDING, null, null)));

		var answer = mvc.post().uri("/api/v1/booking-sessions").with(frontDesk()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"customerId\":\"%s\",\"items\":[{\"therapistId\":\"%s\",\"serviceId\":\"%s\",\"start\":\"2030-06-03T10:00:00+02:00\"}]}"
				.formatted(CUSTOMER, THERAPIST, SERVICE))
			.exchange();

		assertThat(answer).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader("Location", "/api/v1/requests/" + command.requestId())
			.doesNotContainHeader("Preference-Applied");
		assertThat(answer).bodyJson().extractingPath("$.sessionId").isEqualTo(command.sessionId().toString());
	}

	private static RequestPostProcessor frontDesk() {
		return jwt().jwt(token -> token.subject("desk-1").claim("roles", List.of("front-desk")))
			.authorities(new SimpleGrantedAuthority("ROLE_front-desk"));
	}
}
