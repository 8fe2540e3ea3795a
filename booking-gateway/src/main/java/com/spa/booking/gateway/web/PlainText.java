package com.spa.booking.gateway.web;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The one rule for free text a client sends (names, emails, phones, reasons, room types, headers such as
 * {@code Idempotency-Key}): between {@code min} and {@code max} characters (Unicode code points), none of them a
 * control character (C0 with NUL, tab and line breaks, DEL, C1) nor half of a surrogate pair. Text is stored and shown
 * as one line: PostgreSQL cannot store NUL at all (the request would fail as a 500 at its {@code INSERT}), the rest
 * would garble a page, a log line or a CSV export. A value that breaks the rule is a {@code 400} naming the field,
 * decided before anything is read or written. Null is valid: {@code @NotNull} or {@code @NotBlank} says if it may be.
 * Every {@code String} of every request body carries it ({@code PlainTextTests} checks).
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ METHOD, FIELD, ANNOTATION_TYPE, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface PlainText {

	int min() default 0;

	int max();

	String message() default "must be plain text";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Bean Validation's side of the rule: the message says what is wrong, not only that something is. */
	class Validator implements ConstraintValidator<PlainText, CharSequence> {

		/** What is wrong with the text, in words for the client's developer; empty if nothing is. */
		public static Optional<String> violation(String text, int min, int max) {
			if (text == null) {
				return Optional.empty();
			}
			int length = 0;
			for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
				int character = text.codePointAt(i);
				if (Character.getType(character) == Character.CONTROL) {
					return Optional.of("must not contain control characters (U+%04X at %d)".formatted(character, length));
				}
				if (Character.getType(character) == Character.SURROGATE) {
					return Optional.of("must be valid Unicode: a lone surrogate at " + length);
				}
				length++;
			}
			if (length > max) {
				return Optional.of("must be at most " + max + " characters long");
			}
			if (length < min) {
				return Optional.of(min == 1 ? "must not be empty" : "must be at least " + min + " characters long");
			}
			return Optional.empty();
		}

		private int min;

		private int max;

		@Override
		public void initialize(PlainText constraint) {
			this.min = constraint.min();
			this.max = constraint.max();
		}

		@Override
		public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
			Optional<String> violation = violation(value == null ? null : value.toString(), min, max);
			violation.ifPresent(message -> {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
			});
			return violation.isEmpty();
		}
	}
}
