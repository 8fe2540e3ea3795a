package com.spa.booking.schemas;

import java.util.UUID;

/** A change of one waitlist entry, keyed by entry ID, carrying the entry as it stands after the change. */
public sealed interface WaitlistEvent extends SpaEvent permits WaitlistJoined, WaitlistLeft, WaitlistOffered,
		WaitlistOfferTaken, WaitlistOfferExpired, WaitlistOfferDeclined {

	WaitlistEntrySnapshot entry();

	@Override
	default UUID subject() {
		return entry().entryId();
	}
}
