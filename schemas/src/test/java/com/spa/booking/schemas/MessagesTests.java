package com.spa.booking.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import tools.jackson.core.JacksonException;

class MessagesTests {

	static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

	static final BookingSnapshot BOOKING = new BookingSnapshot(UUID.randomUUID(), UUID.randomUUID(),
			UUID.randomUUID(), UUID.randomUUID(), NOW.plusSeconds(3600), NOW.plusSeconds(7200), BookingStatus.HELD,
			NOW.plusSeconds(900), UUID.randomUUID(), null, new Price(new java.math.BigDecimal("80.00"), "EUR"),
			"Europe/Berlin", java.time.LocalDateTime.parse("2026-12-01T11:00"),
			new BookingPolicy(60, 24, 12, new Charge(null, 50), new Charge(new java.math.BigDecimal("30.00"), null),
					Charge.NONE));

	static final Rejection TAKEN = new Rejection(RejectionReason.SLOT_TAKEN, "taken");

	static Stream<Object> everyMessageType() {
		var hold = new PlaceHold(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.customerId(),
				BOOKING.therapistId(), BOOKING.serviceId(), BOOKING.start());
		var requested = new BookingSnapshot(UUID.randomUUID(), null, null, null, null, null, null, null, null, null);
		var session = new HoldSession(UUID.randomUUID(), NOW, UUID.randomUUID(), BOOKING.customerId(),
				BOOKING.therapistId(), List.of(new SessionItem(UUID.randomUUID(), BOOKING.therapistId(), BOOKING.serviceId(),
						BOOKING.start()), new SessionItem(UUID.randomUUID(), UUID.randomUUID(), BOOKING.serviceId(), BOOKING.start())));
		var outcome = new SessionOutcome(session.sessionId(), session.customerId(), NOW.plusSeconds(900),
				List.of(new SessionOutcome.Item(BOOKING, null), new SessionOutcome.Item(requested, TAKEN)));
		var join = new JoinWaitlist(UUID.randomUUID(), NOW, UUID.randomUUID(), BOOKING.customerId(), BOOKING.serviceId(),
				null, java.time.LocalDate.parse("2026-12-02"), Instant.parse("2026-12-02T09:00:00Z"),
				Instant.parse("2026-12-02T13:00:00Z"), Actor.FRONT_DESK);
		var leave = new LeaveWaitlist(UUID.randomUUID(), NOW, join.entryId(), join.customerId(), null);
		var waiting = new WaitlistEntrySnapshot(join.entryId(), join.customerId(), join.serviceId(), null, join.day(),
				join.earliestStart(), join.latestStart(), WaitlistStatus.WAITING, 7, null, null, NOW, "Europe/Berlin",
				java.time.LocalDateTime.parse("2026-12-02T10:00"), java.time.LocalDateTime.parse("2026-12-02T14:00"), null);
		var offered = new WaitlistEntrySnapshot(join.entryId(), join.customerId(), join.serviceId(), BOOKING.therapistId(),
				join.day(), join.earliestStart(), join.latestStart(), WaitlistStatus.OFFERED, 7, BOOKING.bookingId(),
				NOW.plusSeconds(900), NOW, "Europe/Berlin", java.time.LocalDateTime.parse("2026-12-02T10:00"),
				java.time.LocalDateTime.parse("2026-12-02T14:00"), java.time.LocalDateTime.parse("2026-12-01T10:15"));
		return Stream.of(hold, join, leave,
				CommandResult.ofWaitlist(join, waiting, null, NOW),
				CommandResult.ofWaitlist(leave, offered, new Rejection(RejectionReason.WAITLIST_ENTRY_OFFERED, "offered"),
						NOW),
				CommandResult.ofWaitlist(leave, null, new Rejection(RejectionReason.WAITLIST_ENTRY_NOT_FOUND, "none"), NOW),
				new WaitlistJoined(UUID.randomUUID(), NOW, join.requestId(), waiting),
				new WaitlistLeft(UUID.randomUUID(), NOW, leave.requestId(), waiting),
				new WaitlistOffered(UUID.randomUUID(), NOW, UUID.randomUUID(), offered, BOOKING),
				new WaitlistOfferTaken(UUID.randomUUID(), NOW, UUID.randomUUID(), offered),
				new WaitlistOfferExpired(UUID.randomUUID(), NOW, UUID.randomUUID(), offered),
				new WaitlistOfferDeclined(UUID.randomUUID(), NOW, UUID.randomUUID(), offered),
				new ConfirmBooking(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId()),
				new CancelBooking(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId()),
				new ExpireHold(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId()),
				new RescheduleBooking(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId(), UUID.randomUUID(),
						NOW.plusSeconds(7200)),
				new RescheduleBooking(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId(), UUID.randomUUID(),
						NOW.plusSeconds(7200), Actor.FRONT_DESK, "the therapist is ill"),
				new CancelBooking(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId(), Actor.FRONT_DESK),
				new CompleteBooking(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId()),
				new RecordNoShow(UUID.randomUUID(), NOW, BOOKING.bookingId(), BOOKING.therapistId()),
				new BookingCompleted(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new NoShowRecorded(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new FeeCharged(FeeCharged.eventIdOf(BOOKING.bookingId(), FeeKind.NO_SHOW), NOW, hold.requestId(), BOOKING,
						FeeKind.NO_SHOW, BOOKING.policy().noShowFee().of(BOOKING.price())),
				new BookingConfirmed(UUID.randomUUID(), NOW, hold.requestId(), BOOKING, BOOKING.price()),
				CommandResult.succeeded(hold, BOOKING, NOW),
				CommandResult.rejected(hold, null, TAKEN, NOW),
				new BookingHeld(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new BookingConfirmed(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new BookingCancelled(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new HoldReleased(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new HoldExpired(UUID.randomUUID(), NOW, hold.requestId(), BOOKING),
				new BookingRejected(UUID.randomUUID(), NOW, hold.requestId(), requested, "PlaceHold", TAKEN),
				session,
				new BookingRejected(UUID.randomUUID(), NOW, session.requestId(), requested, session.type(), TAKEN),
				new ConfirmSession(UUID.randomUUID(), NOW, session.sessionId(), session.therapistId()),
				new CancelSession(UUID.randomUUID(), NOW, session.sessionId(), session.therapistId()),
				new CancelSession(UUID.randomUUID(), NOW, session.sessionId(), session.therapistId(), Actor.FRONT_DESK),
				new ExpireSession(UUID.randomUUID(), NOW, session.sessionId(), session.therapistId()),
				CommandResult.ofSession(session, outcome, TAKEN, NOW),
				new BookingRescheduled(UUID.randomUUID(), NOW, hold.requestId(), BOOKING, NOW, NOW.plusSeconds(3600),
						UUID.randomUUID(), null),
				new SessionConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), session.sessionId(), session.customerId(),
						List.of(BOOKING, BOOKING), BOOKING.price().plus(BOOKING.price()),
						BOOKING.policy().deposit().of(BOOKING.price()).plus(BOOKING.policy().deposit().of(BOOKING.price()))));
	}

	@ParameterizedTest
	@MethodSource("everyMessageType")
	void everyMessageMatchesItsPublishedJsonSchema(Object message) throws IOException {
		String json = Messages.toJson(message);

		assertThat(schemaOf(message.getClass().getSimpleName()).validate(json, InputFormat.JSON))
				.as(json).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("everyMessageType")
	void everyMessageSurvivesTheRoundTrip(Object message) {
		String json = Messages.toJson(message);

		Object back = message instanceof BookingCommand ? Messages.command(json)
				: message instanceof SpaEvent ? Messages.event(json).orElseThrow() : Messages.result(json);
		assertThat(back).isEqualTo(message);
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.EnumSource(RejectionReason.class)
	void everyRejectionReasonIsPublishedInTheSchemasThatCarryIt(RejectionReason reason) throws IOException {
		var hold = new ConfirmBooking(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID());
		var rejection = new Rejection(reason, "why");

		assertThat(schemaOf("CommandResult").validate(Messages.toJson(CommandResult.rejected(hold, BOOKING, rejection, NOW)),
				InputFormat.JSON)).isEmpty();
		assertThat(schemaOf("BookingRejected").validate(Messages.toJson(new BookingRejected(UUID.randomUUID(), NOW,
				hold.requestId(), BOOKING, hold.type(), rejection)), InputFormat.JSON)).isEmpty();
	}

	@Test
	void timesTravelAsIsoStrings() {
		String json = Messages.toJson(new ConfirmBooking(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID()));

		assertThat(json).contains("\"requestedAt\":\"2026-12-01T09:00:00Z\"").contains("\"type\":\"ConfirmBooking\"");
	}

	@Test
	void aCommandMissingARequiredFieldIsRejectedByCodecAndSchema() throws IOException {
		String json = """
				{"type":"PlaceHold","requestId":"%s","requestedAt":"2026-12-01T09:00:00Z","bookingId":"%s",
				 "customerId":"%s","therapistId":"%s","serviceId":"%s"}""".formatted(UUID.randomUUID(),
				UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

		assertThatThrownBy(() -> Messages.command(json)).isInstanceOf(JacksonException.class).hasMessageContaining("start");
		assertThat(schemaOf("PlaceHold").validate(json, InputFormat.JSON)).isNotEmpty();
	}

	@ParameterizedTest
	@MethodSource("everyMessageType")
	void everyCommandTypeMayBeNamedByAResult(Object message) throws IOException {
		if (message instanceof BookingCommand command) {
			var result = CommandResult.failed(command.requestId(), command.type(), "why", NOW);

			assertThat(schemaOf("CommandResult").validate(Messages.toJson(result), InputFormat.JSON)).isEmpty();
		}
	}

	@Test
	void theRemainsOfAnUnreadableCommandNameItsTypeOnlyIfItIsOneOfOurs() throws IOException {
		UUID requestId = UUID.randomUUID();

		assertThat(Messages.partialCommand("{\"type\":\"ExpireSession\",\"requestId\":\"" + requestId + "\"}"))
			.contains(new Messages.Partial(requestId, "ExpireSession"));
		assertThat(Messages.partialCommand("{\"type\":\"DoubleBook\",\"requestId\":\"" + requestId + "\"}"))
			.contains(new Messages.Partial(requestId, "unknown"));
		assertThat(schemaOf("CommandResult").validate(Messages.toJson(CommandResult.failed(requestId, "unknown", "why", NOW)),
				InputFormat.JSON)).isEmpty();
	}

	@Test
	void anUnknownCommandTypeIsRejected() {
		assertThatThrownBy(() -> Messages.command("{\"type\":\"DoubleBook\"}")).isInstanceOf(JacksonException.class);
	}

	@Test
	void anEventOfATypeThisVersionDoesNotKnowIsSkippedNotAnError() {
		String json = Messages.toJson(new BookingConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), BOOKING))
			.replace("\"type\":\"BookingConfirmed\"", "\"type\":\"BookingGiftWrapped\"");

		assertThat(Messages.event(json)).isEmpty();
		assertThat(Messages.bookingEvent(json)).isEmpty();
	}

	@Test
	void aSessionEventIsAnEventButNotABookingEvent() {
		String json = Messages.toJson(new SessionConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID(),
				UUID.randomUUID(), List.of(BOOKING), BOOKING.price(), null));

		assertThat(Messages.event(json)).get().isInstanceOf(SessionConfirmed.class);
		assertThat(Messages.bookingEvent(json)).isEmpty();
	}

	@Test
	void pricesTravelAsDecimalStringsAndLocalTimesWithoutOffset() {
		String json = Messages.toJson(new BookingConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), BOOKING));

		assertThat(json).contains("\"price\":{\"amount\":\"80.00\",\"currency\":\"EUR\"}")
			.contains("\"zone\":\"Europe/Berlin\"").contains("\"localStart\":\"2026-12-01T11:00:00\"");
	}

	@Test
	void cloudEventAttributesNameTheTypeVersionSubjectAndSchema() throws IOException {
		var confirmed = new BookingConfirmed(UUID.randomUUID(), NOW, UUID.randomUUID(), BOOKING);

		CloudEventAttributes attributes = CloudEventAttributes.of(confirmed);

		assertThat(attributes.id()).isEqualTo(confirmed.eventId().toString());
		assertThat(attributes.type()).isEqualTo("com.spa.booking.BookingConfirmed.v1");
		assertThat(attributes.subject()).isEqualTo(BOOKING.bookingId().toString());
		assertThat(attributes.time()).isEqualTo(NOW);
		assertThat(schemaOf("BookingConfirmed").getSchemaNode().get("$id").asText())
			.isEqualTo(attributes.dataSchema().toString());
	}

	@Test
	void unknownPropertiesFromNewerProducersAreIgnored() {
		var confirm = new ConfirmBooking(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID());
		String json = Messages.toJson(confirm).replace("{", "{\"addedLater\":42,");

		assertThat(Messages.command(json)).isEqualTo(confirm);
	}

	@Test
	void aResultCarriesARejectionExactlyWhenItDidNotSucceed() {
		var hold = new ConfirmBooking(UUID.randomUUID(), NOW, UUID.randomUUID(), UUID.randomUUID());

		assertThatThrownBy(() -> new CommandResult(hold.requestId(), "ConfirmBooking", Outcome.REJECTED, null, null,
				null, null, NOW)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new CommandResult(hold.requestId(), "ConfirmBooking", Outcome.SUCCEEDED, null, null,
				TAKEN, null, NOW)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void everySchemaFileHasARecordAndEveryRecordASchemaFile() {
		List<String> types = everyMessageType().map(m -> m.getClass().getSimpleName()).distinct().sorted().toList();

		assertThat(types).containsExactlyInAnyOrder("PlaceHold", "ConfirmBooking", "CancelBooking", "ExpireHold",
				"RescheduleBooking", "HoldSession", "ConfirmSession", "CancelSession", "ExpireSession", "CommandResult", "BookingHeld", "BookingConfirmed", "BookingCancelled", "HoldReleased",
				"HoldExpired", "BookingRejected", "BookingRescheduled", "SessionConfirmed", "CompleteBooking", "RecordNoShow",
				"BookingCompleted", "NoShowRecorded", "FeeCharged", "JoinWaitlist", "LeaveWaitlist", "WaitlistJoined",
				"WaitlistLeft", "WaitlistOffered", "WaitlistOfferTaken", "WaitlistOfferExpired", "WaitlistOfferDeclined");
		try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/schemas"))) {
			assertThat(files.map(file -> file.getFileName().toString().replace(".schema.json", "")))
				.containsExactlyInAnyOrderElementsOf(types);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		types.forEach(type -> assertThat(getClass().getResource("/schemas/" + type + ".schema.json")).as(type).isNotNull());
	}

	private static JsonSchema schemaOf(String type) throws IOException {
		try (InputStream in = MessagesTests.class.getResourceAsStream("/schemas/" + type + ".schema.json")) {
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
		}
	}

	@Test
	void aChargeIsAShareOrAnAmountOfThePriceAndNeverMoreThanIt() {
		Price price = new Price(new java.math.BigDecimal("80.00"), "EUR");

		assertThat(new Charge(null, 25).of(price)).isEqualTo(new Price(new java.math.BigDecimal("20.00"), "EUR"));
		assertThat(new Charge(new java.math.BigDecimal("95"), null).of(price)).isEqualTo(price);
		assertThat(Charge.NONE.of(price)).isEqualTo(new Price(new java.math.BigDecimal("0.00"), "EUR"));
	}

	@Test
	void aFeeEventsIdDependsOnlyOnTheBookingAndTheKind() {
		UUID booking = UUID.randomUUID();

		assertThat(FeeCharged.eventIdOf(booking, FeeKind.NO_SHOW)).isEqualTo(FeeCharged.eventIdOf(booking, FeeKind.NO_SHOW))
			.isNotEqualTo(FeeCharged.eventIdOf(booking, FeeKind.LATE_CANCELLATION))
			.isNotEqualTo(FeeCharged.eventIdOf(UUID.randomUUID(), FeeKind.NO_SHOW));
	}
}
