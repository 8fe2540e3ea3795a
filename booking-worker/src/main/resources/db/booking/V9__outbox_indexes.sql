-- The outbox is small but churns: every row is deleted within milliseconds. A consumer looks up its partition's rows
-- after every commit, so those lookups must not scan the rows deleted since the last vacuum.
CREATE INDEX outbox_by_shard ON outbox (shard, id);
CREATE INDEX outbox_by_key ON outbox (message_key);
