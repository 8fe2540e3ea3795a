package com.spa.booking.schemas;

/** Why a fee is charged. */
public enum FeeKind {
	/** Cancelled by the customer inside the free-cancellation window. */
	LATE_CANCELLATION,
	/** Marked as not shown by the front desk. */
	NO_SHOW
}
