package com.spa.booking.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A fee or a deposit as a policy states it: a fixed amount (in the booking's currency) or a share of the booking's
 * price, in percent; neither is nothing to pay.
 *
 * @param amount a fixed amount, as a decimal string ({@code "20.00"}); null when the charge is a share
 * @param percent a share of the price, 0 to 100; null when the charge is an amount
 */
public record Charge(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, Integer percent) {

	public static final Charge NONE = new Charge(null, null);

	public Charge {
		if (amount != null && percent != null) {
			throw new IllegalArgumentException("A charge is an amount or a share, not both");
		}
		if (amount != null && amount.signum() < 0 || percent != null && (percent < 0 || percent > 100)) {
			throw new IllegalArgumentException("A charge is a non-negative amount or 0 to 100 percent");
		}
	}

	/** What it comes to for a booking of that price: never more than the price, rounded to the currency's cents. */
	public Price of(Price price) {
		BigDecimal due = amount != null ? amount.min(price.amount())
				: percent != null ? price.amount().multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100))
				: BigDecimal.ZERO;
		return new Price(due.setScale(2, RoundingMode.HALF_UP), price.currency());
	}
}
