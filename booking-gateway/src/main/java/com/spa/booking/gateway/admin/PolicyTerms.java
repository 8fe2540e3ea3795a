package com.spa.booking.gateway.admin;

import java.math.BigDecimal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A booking policy as the admin API reads and writes it (the events carry it as {@code BookingPolicy}, frozen into each
 * booking).
 *
 * @param minimumLeadMinutes how long before its start a booking may be held at the latest
 * @param freeCancellationHours cancelling is free until this many hours before the start
 * @param rescheduleHours a customer may move a booking until this many hours before the start
 * @param deposit taken when a booking is confirmed
 */
record PolicyTerms(@NotNull @Min(0) @Max(43_200) Integer minimumLeadMinutes,
		@NotNull @Min(0) @Max(8_760) Integer freeCancellationHours, @NotNull @Min(0) @Max(8_760) Integer rescheduleHours,
		@NotNull @Valid ChargeTerms lateCancellationFee, @NotNull @Valid ChargeTerms noShowFee,
		@NotNull @Valid ChargeTerms deposit) {

	/**
	 * An amount in the spa's currency or a share of the price in percent; neither is nothing to pay.
	 */
	record ChargeTerms(@DecimalMin("0.00") @DecimalMax("99999.99") @Digits(integer = 5, fraction = 2) BigDecimal amount,
			@Min(0) @Max(100) Integer percent) {

		@AssertTrue(message = "give an amount or a percent, not both")
		boolean isAmountOrPercent() {
			return amount == null || percent == null;
		}
	}
}
