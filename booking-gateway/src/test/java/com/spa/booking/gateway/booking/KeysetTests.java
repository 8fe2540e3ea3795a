package com.spa.booking.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import com.spa.booking.gateway.GatewayProperties;
import com.spa.booking.schemas.BookingStatus;

class KeysetTests {

	final GatewayProperties.ListingLimits listing = new GatewayProperties.ListingLimits(50, 200);

	@Test
	void aCursorGivenOutReadsBackAsTheSamePositionAndIsUrlSafe() {
		Keyset position = new Keyset(Instant.parse("2030-06-03T08:00:00.123Z"), UUID.randomUUID());

		String cursor = position.cursor();

		assertThat(cursor).matches("[A-Za-z0-9_-]+");
		assertThat(Keyset.after(cursor)).isEqualTo(position);
		assertThat(Keyset.after(null)).isNull();
	}

	@Test
	void aCursorNotGivenOutOrALimitOutOfBoundsIsABadRequestNamingIt() {
		for (String forged : List.of("%%%", "bm90LWEtY3Vyc29y", "MjAzMC0wNi0wM3xub3QtYS11dWlk")) {
			assertThatThrownBy(() -> Keyset.after(forged)).isInstanceOfSatisfying(ErrorResponseException.class,
					problem -> {
						assertThat(problem.getStatusCode().value()).isEqualTo(400);
						assertThat(problem.getBody().getProperties().get("errors").toString()).contains("cursor");
					});
		}
		assertThat(Keyset.limit(null, listing)).isEqualTo(50);
		assertThat(Keyset.limit(200, listing)).isEqualTo(200);
		assertThatThrownBy(() -> Keyset.limit(0, listing)).isInstanceOf(ErrorResponseException.class);
		assertThatThrownBy(() -> Keyset.limit(201, listing)).isInstanceOf(ErrorResponseException.class);
	}

	@Test
	void aPageHasANextCursorOnlyWhenMoreWereFetchedThanItHolds() {
		List<BookingView> fetched = IntStream.range(0, 4).mapToObj(hour -> new BookingView(UUID.randomUUID(),
				UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Instant.parse("2030-06-03T08:00:00Z").plusSeconds(3600L * hour),
				Instant.parse("2030-06-03T09:00:00Z").plusSeconds(3600L * hour), BookingStatus.HELD, null, null, null, null, null)).toList();

		Listing<BookingView> full = Keyset.listing(fetched, 3);
		Listing<BookingView> last = Keyset.listing(fetched.subList(0, 3), 3);

		assertThat(full.items()).hasSize(3);
		assertThat(Keyset.after(full.next())).isEqualTo(new Keyset(fetched.get(2).start(), fetched.get(2).bookingId()));
		assertThat(last.items()).hasSize(3);
		assertThat(last.next()).isNull();
	}
}
