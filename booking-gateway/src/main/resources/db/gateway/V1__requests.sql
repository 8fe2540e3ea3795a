-- The gateway's record of every request it accepted, so that a request can be looked up after a restart and an
-- Idempotency-Key retry finds the request it repeats. Outcomes live in the worker's processed_commands.
CREATE TABLE requests (
    request_id        uuid PRIMARY KEY,
    idempotency_key   text UNIQUE,
    -- what the request asked for, to tell a retry from a different request that reuses the key
    fingerprint       text        NOT NULL,
    command_type      text        NOT NULL,
    booking_id        uuid        NOT NULL,
    -- the command as published, so that a retry can publish it again
    command           text        NOT NULL,
    publish_failed_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
