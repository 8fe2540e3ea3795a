-- Each outbox row remembers the command partition whose transaction wrote it: the consumer that owns that partition
-- publishes the rows right after its commit, in id order, so no relay is a ceiling and no row waits for a poll.
-- Rows of no partition (written outside a consumer) and rows left behind by a consumer that died are published by the
-- sweeping relay.
ALTER TABLE outbox ADD COLUMN shard integer;
