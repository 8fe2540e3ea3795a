package com.spa.booking.e2e.faults;

import java.util.Random;

/**
 * Makes the fault tests repeatable: each round draws its workload and timing from a seed, printed with the round, so
 * that a failure can be replayed. {@code -Dfaults.rounds=N} runs every fault N times (CI runs one round);
 * {@code -Dfaults.seed=S} replays the run that printed seed S.
 */
final class Faults {

	private Faults() {
	}

	interface Round {

		void run(Random random) throws Exception;
	}

	static int rounds() {
		return Integer.getInteger("faults.rounds", 1);
	}

	static void repeat(String fault, Round round) throws Exception {
		long base = Long.getLong("faults.seed", new Random().nextLong());
		int rounds = rounds();
		for (int i = 0; i < rounds; i++) {
			long seed = base + i;
			System.out.printf("[faults] %s: round %d of %d, seed %d%n", fault, i + 1, rounds, seed);
			try {
				round.run(new Random(seed));
			}
			catch (Exception | AssertionError ex) {
				throw new AssertionError(fault + " failed in round " + (i + 1) + "; replay with -Dfaults.seed=" + seed, ex);
			}
		}
	}
}
