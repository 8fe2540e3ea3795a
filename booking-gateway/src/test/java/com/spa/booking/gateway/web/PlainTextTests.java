package com.spa.booking.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

/** The one rule for free text, and that every text field of every request body follows it. */
class PlainTextTests {

	record Named(@PlainText(max = 10) String name) {
	}

	static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	@ParameterizedTest(name = "U+{0}")
	@ValueSource(ints = { 0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9F })
	void aControlCharacterAnywhereIsRefusedNamingWhichAndWhere(int control) {
		Set<ConstraintViolation<Named>> violations = VALIDATOR.validate(new Named("Ann" + (char) control + "a"));

		assertThat(violations).singleElement().satisfies(violation -> {
			assertThat(violation.getPropertyPath()).hasToString("name");
			assertThat(violation.getMessage())
				.isEqualTo("must not contain control characters (U+%04X at 3)".formatted(control));
		});
	}

	@Test
	void aLoneHalfOfASurrogatePairIsRefused() {
		assertThat(VALIDATOR.validate(new Named("Ann\uD83D"))).singleElement()
			.satisfies(violation -> assertThat(violation.getMessage()).contains("lone surrogate"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Zoë Ørsted", "山田 花子", "Ana-María", "O'Brien", "👩‍⚕️ Spa", "x‌y", "", "1234567890" })
	void anyOtherTextOfAtMostItsLengthInCodePointsIsTaken(String text) {
		assertThat(VALIDATOR.validate(new Named(text))).isEmpty();
		assertThat(VALIDATOR.validate(new Named(null))).isEmpty();
	}

	@Test
	void textLongerThanItsMaximumIsRefusedSayingHowLongItMayBe() {
		assertThat(VALIDATOR.validate(new Named("12345678901"))).singleElement()
			.satisfies(violation -> assertThat(violation.getMessage()).isEqualTo("must be at most 10 characters long"));
		assertThat(PlainText.Validator.violation("", 1, 10)).contains("must not be empty");
		assertThat(PlainText.Validator.violation("ab", 3, 10)).contains("must be at least 3 characters long");
	}

	/**
	 * A new text field without the rule would let a NUL through to the database, a 500; so every {@code String} in a
	 * request body of every controller, nested records and lists included, carries it.
	 */
	@Test
	void everyTextFieldOfEveryRequestBodyCarriesTheRule() throws Exception {
		var scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		List<String> bodies = new ArrayList<>();
		List<String> without = new ArrayList<>();
		for (var candidate : scanner.findCandidateComponents("com.spa.booking.gateway")) {
			Class<?> controller = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
			for (Method method : controller.getDeclaredMethods()) {
				for (Parameter parameter : method.getParameters()) {
					if (parameter.isAnnotationPresent(RequestBody.class)) {
						bodies.add(parameter.getType().getSimpleName());
						collectUnruled(parameter.getType().getSimpleName(), parameter.getAnnotatedType(), without);
					}
				}
			}
		}
		assertThat(bodies).as("the request bodies found").contains("NewCustomer", "NewRoom", "NewService",
				"NewTherapist", "NewTimeOff", "HoldRequest", "NewSession");
		assertThat(without).as("text fields without @PlainText").isEmpty();
	}

	private static void collectUnruled(String path, AnnotatedType type, List<String> without) {
		Class<?> raw = type.getType() instanceof Class<?> plain ? plain
				: (Class<?>) ((java.lang.reflect.ParameterizedType) type.getType()).getRawType();
		if (CharSequence.class.isAssignableFrom(raw)) {
			if (!type.isAnnotationPresent(PlainText.class)) {
				without.add(path);
			}
		}
		else if (raw.isRecord()) {
			for (RecordComponent component : raw.getRecordComponents()) {
				collectUnruled(path + "." + component.getName(), component.getAnnotatedType(), without);
			}
		}
		else if (Collection.class.isAssignableFrom(raw) && type instanceof AnnotatedParameterizedType parameterized) {
			collectUnruled(path + "[]", parameterized.getAnnotatedActualTypeArguments()[0], without);
		}
	}
}
