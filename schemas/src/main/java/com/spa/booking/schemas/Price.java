package com.spa.booking.schemas;

import java.math.BigDecimal;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * An amount of money in an ISO 4217 currency. The amount travels as a decimal string ({@code "80.00"}), so that no
 * consumer's floating point rounds it.
 */
public record Price(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

	public Price {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		if (!currency.matches("[A-Z]{3}")) {
			throw new IllegalArgumentException("An ISO 4217 currency code has three capital letters: " + currency);
		}
	}

	public Price plus(Price other) {
		if (!currency.equals(other.currency)) {
			throw new IllegalArgumentException("Cannot add " + other.currency + " to " + currency);
		}
		return new Price(amount.add(other.amount), currency);
	}
}
