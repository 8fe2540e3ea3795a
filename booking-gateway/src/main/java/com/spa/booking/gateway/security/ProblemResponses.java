package com.spa.booking.gateway.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

import com.spa.booking.gateway.web.Problems;

/**
 * The problems answered before a request reaches a controller (no or a bad token, a role that may not, too many
 * requests, too big a body), as {@code application/problem+json} like every other error of this API. The
 * {@code WWW-Authenticate} header says what RFC 6750 asks it to.
 */
final class ProblemResponses {


	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException why)
			throws IOException {
		bearer.commence(request, response, why);
		boolean tokenGiven = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Sign-in required",
				tokenGiven ? "The bearer token is not valid: " + why.getMessage()
						: "This needs a bearer token (Authorization: Bearer ...) from the spa's identity provider.");
	}

	void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException why)
			throws IOException {
		bearerDenied.handle(request, response, why);
		write(response, HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
				"Your role may not " + request.getMethod() + " " + request.getRequestURI() + ".");
	}

	void tooManyRequests(HttpServletResponse response, long retryAfterSeconds) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		write(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
				"You sent more requests than the spa takes from one caller; try again in " + retryAfterSeconds
						+ " s.");
	}

	void tooLarge(HttpServletResponse response, long maxBytes) throws IOException {
		write(response, HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Request too large",
				"A request body may have at most " + maxBytes + " bytes.");
	}

	private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", Problems.type(type).toString());
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), problem);
	}
}
