-- Results and events no longer go through a table: the consumer that applied a batch publishes its results and events
-- straight after the transaction commits, and commits the offsets only once Kafka has them (docs/design.md, "Result
-- path"). A command redelivered after a crash in between is answered from its idempotency record, so the record keeps
-- the events the command made too, exactly as they were published: sent again, they carry the same IDs.
ALTER TABLE processed_commands ADD COLUMN events text;

-- A booking moved to another therapist changes partition: its later commands are applied, and their events published,
-- by another consumer than the move's. That consumer sends the move's stored messages again ahead of its own, so that
-- the booking's events stay in order even if the move's consumer died before publishing them.
ALTER TABLE bookings ADD COLUMN moved_by uuid;

-- The outbox goes. Rows still in it were never published: refuse to drop them. The previous version publishes them all
-- when it stops (SIGTERM); start it again until booking_outbox_backlog is 0, stop it, then upgrade.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM outbox) THEN
        RAISE EXCEPTION 'The outbox still holds % unpublished messages. Run the previous worker version until its '
            'metric booking_outbox_backlog is 0, stop it, then start this version.', (SELECT count(*) FROM outbox);
    END IF;
END $$;
DROP TABLE outbox;
