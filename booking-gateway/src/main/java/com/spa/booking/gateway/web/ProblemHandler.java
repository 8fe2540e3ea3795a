package com.spa.booking.gateway.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.spa.booking.gateway.web.Problems.FieldError;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every error into {@code application/problem+json}, naming the offending field where there is one. Spring's
 * base class covers the HTTP-level errors (404, 405, 415, ...); the overrides add the field names.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
			.sorted(java.util.Comparator.comparing(FieldError::field))
			.toList();
		return badRequest(errors, ex, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> new FieldError(result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
			.toList();
		return badRequest(errors, ex, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Optional<BodyTooLarge> tooLarge = causeOfType(ex, BodyTooLarge.class);
		if (tooLarge.isPresent()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					"A request body may have at most " + tooLarge.get().maxBytes() + " bytes.");
			problem.setType(Problems.type("content-too-large"));
			problem.setTitle("Request too large");
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		Optional<JacksonException> json = causeOfType(ex, JacksonException.class);
		String field = json.map(ProblemHandler::fieldPath).filter(path -> !path.isEmpty()).orElse(null);
		FieldError error = field == null
				? new FieldError("body", json.isPresent() ? "is not valid JSON: " + json.get().getOriginalMessage()
						: "is missing or unreadable")
				: new FieldError(field, expected(json.get()));
		return badRequest(List.of(error), ex, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
		String expected = ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
		return badRequest(List.of(new FieldError(name, "must be a valid " + expected)), ex, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return badRequest(List.of(new FieldError(ex.getParameterName(), "is required")), ex, headers, request);
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<Object> missingHeader(MissingRequestHeaderException ex, WebRequest request) {
		return badRequest(List.of(new FieldError(ex.getHeaderName(), "is required")), ex, new HttpHeaders(), request);
	}

	/**
	 * A query string the server cannot parse (a parameter without a name, a broken escape), or a parameter or header
	 * that Spring Security's firewall refuses (a control character, as the text rule refuses in bodies). Both are read
	 * only when something asks for a parameter, which may be inside a handler (the Swagger UI redirect reads them all),
	 * so the refusal arrives here as an exception rather than as the server's or the firewall's own 400.
	 */
	@ExceptionHandler({ InvalidParameterException.class, RequestRejectedException.class })
	ResponseEntity<Object> unreadableRequest(RuntimeException ex, WebRequest request) {
		String why = ex.getMessage() == null ? "cannot be read"
				: ex.getMessage().replace("The request was rejected because ", "");
		return badRequest(List.of(new FieldError("request", why)), ex, new HttpHeaders(), request);
	}

	/** The database is out of reach: nothing was written, and the same request may be sent again shortly. */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<Object> databaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail problem = Problems.databaseUnavailable();
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unexpected error", ex);
		ProblemDetail problem = Problems.internalError();
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	private ResponseEntity<Object> badRequest(List<FieldError> errors, Exception ex, HttpHeaders headers,
			WebRequest request) {
		ProblemDetail problem = Problems.invalidInput(HttpStatus.BAD_REQUEST, errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/** What the field should look like, in words a client's developer can act on (not the JSON library's). */
	private static String expected(JacksonException ex) {
		Class<?> type = ex instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
		if (type == null) {
			return "has the wrong type or format";
		}
		if (type == OffsetDateTime.class || type == Instant.class || type == ZonedDateTime.class) {
			return "must be a date and time with an offset (ISO-8601), such as 2027-03-03T10:00:00+01:00";
		}
		if (type == LocalDate.class) {
			return "must be a date (ISO-8601), such as 2027-03-03";
		}
		if (type == LocalTime.class) {
			return "must be a time of day, such as 09:00";
		}
		if (type == UUID.class) {
			return "must be a UUID, such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";
		}
		if (type.isEnum()) {
			return "must be one of " + java.util.Arrays.toString(type.getEnumConstants());
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
			return "must be a number";
		}
		if (type == String.class) {
			return "must be a string";
		}
		if (java.util.Collection.class.isAssignableFrom(type)) {
			return "must be a list";
		}
		return "has the wrong type: expected " + (type.isRecord() ? "an object" : type.getSimpleName());
	}

	private static String fieldPath(JacksonException ex) {
		return ex.getPath()
			.stream()
			.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."));
	}

	private static <T extends Throwable> Optional<T> causeOfType(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return Optional.of(type.cast(cause));
			}
		}
		return Optional.empty();
	}
}
