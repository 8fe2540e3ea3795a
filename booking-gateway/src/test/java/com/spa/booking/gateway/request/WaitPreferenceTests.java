package com.spa.booking.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitPreferenceTests {

	static final Duration MAX = Duration.ofSeconds(30);

	@ParameterizedTest(name = "Prefer: \"{0}\" waits {1} s")
	@CsvSource(delimiter = '|', nullValues = "NULL", value = {
			"NULL                 | 0",
			"wait=10              | 10",
			"WAIT=5               | 5",
			"respond-async, wait=7| 7",
			"wait=7; handling=lenient | 7",
			"wait=\"12\"          | 12",
			"wait=0               | 0",
			"wait=31              | 30",
			"wait=999999999       | 30",
			"wait=-3              | 0",
			"wait=soon            | 0",
			"handling=strict      | 0",
			"nowait=10            | 0" })
	void theWaitPreferenceIsReadCappedAndOtherwiseIgnored(String header, long seconds) {
		assertThat(WaitPreference.of(header, MAX).duration()).isEqualTo(Duration.ofSeconds(seconds));
	}
}
