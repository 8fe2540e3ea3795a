package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;

import com.spa.booking.gateway.TestProperties;

class RequestArgumentsTests {

	final List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();

	{
		new RequestArguments(TestProperties.gateway(Map.of("booking.gateway.max-wait", "20s")))
			.addArgumentResolvers(resolvers);
	}

	/** A handler as the controllers declare them. */
	@SuppressWarnings("unused")
	void handler(String body, WaitPreference wait, IdempotencyKey key) {
	}

	@ParameterizedTest(name = "Idempotency-Key \"{0}\" is {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", value = { "NULL | NULL", "'' | NULL", "'   ' | NULL",
			"'  key-1 ' | key-1", "key-2 | key-2" })
	void aBlankIdempotencyKeyIsNoneAndAnyOtherIsStripped(String header, String key) throws Exception {
		assertThat(resolve(2, IdempotencyKey.HEADER, header)).isEqualTo(new IdempotencyKey(key));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "a control character | key\u0007one | control characters",
			"256 characters | LONG | at most 255 characters" })
	void anIdempotencyKeyThatIsNotPlainTextOfAtMost255CharactersIsABadRequestNamingIt(String what, String header,
			String message) throws Exception {
		String key = header.equals("LONG") ? "k".repeat(IdempotencyKey.MAX_LENGTH + 1) : header;

		assertThatThrownBy(() -> resolve(2, IdempotencyKey.HEADER, key)).isInstanceOfSatisfying(
				ErrorResponseException.class, problem -> {
					assertThat(problem.getStatusCode().value()).isEqualTo(400);
					assertThat(problem.getBody().getDetail()).startsWith(IdempotencyKey.HEADER + ": ").contains(message);
				});
		assertThat(resolve(2, IdempotencyKey.HEADER, "k".repeat(IdempotencyKey.MAX_LENGTH)))
			.isEqualTo(new IdempotencyKey("k".repeat(IdempotencyKey.MAX_LENGTH)));
	}

	@Test
	void theWaitIsReadFromPreferAndCappedAtTheLongestWaitConfigured() throws Exception {
		assertThat(resolve(1, WaitPreference.HEADER, "respond-async, wait=5"))
			.isEqualTo(new WaitPreference(Duration.ofSeconds(5)));
		assertThat(resolve(1, WaitPreference.HEADER, "wait=25")).isEqualTo(new WaitPreference(Duration.ofSeconds(20)));
		assertThat(resolve(1, WaitPreference.HEADER, null)).isEqualTo(WaitPreference.NONE);
	}

	@Test
	void otherParametersAreLeftToOtherResolvers() throws Exception {
		MethodParameter body = parameter(0);

		assertThat(resolvers).noneMatch(resolver -> resolver.supportsParameter(body));
	}

	private Object resolve(int index, String name, String value) throws Exception {
		MethodParameter parameter = parameter(index);
		MockHttpServletRequest request = new MockHttpServletRequest();
		if (value != null) {
			request.addHeader(name, value);
		}
		HandlerMethodArgumentResolver resolver = resolvers.stream()
			.filter(candidate -> candidate.supportsParameter(parameter))
			.findFirst()
			.orElseThrow();
		return resolver.resolveArgument(parameter, null, new ServletWebRequest(request), null);
	}

	private static MethodParameter parameter(int index) throws NoSuchMethodException {
		Method handler = RequestArgumentsTests.class.getDeclaredMethod("handler", String.class, WaitPreference.class,
				IdempotencyKey.class);
		return new MethodParameter(handler, index);
	}
}
