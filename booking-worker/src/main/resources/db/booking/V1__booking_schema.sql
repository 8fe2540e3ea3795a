-- btree_gist lets one GiST index combine equality on therapist_id with overlap on a range.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE therapists (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL CHECK (name <> ''),
    email      text        NOT NULL CHECK (email <> ''),
    phone      text,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- one customer per address, however it is capitalised
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));

CREATE TABLE services (
    id               uuid PRIMARY KEY,
    name             text          NOT NULL CHECK (name <> ''),
    duration_minutes integer       NOT NULL CHECK (duration_minutes > 0),
    buffer_minutes   integer       NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
    price            numeric(10,2) NOT NULL CHECK (price >= 0),
    created_at       timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE bookings (
    id              uuid PRIMARY KEY,
    customer_id     uuid        NOT NULL REFERENCES customers (id),
    therapist_id    uuid        NOT NULL REFERENCES therapists (id),
    service_id      uuid        NOT NULL REFERENCES services (id),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    -- the time the therapist is busy: the treatment plus the cleanup buffer after it
    during          tstzrange   NOT NULL,
    status          text        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED', 'RELEASED', 'EXPIRED')),
    hold_expires_at timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (lower(during) = starts_at AND upper(during) >= ends_at AND lower_inc(during) AND NOT upper_inc(during)),
    CHECK (status <> 'HELD' OR hold_expires_at IS NOT NULL),
    -- The backstop. The queue already applies one therapist's commands one at a time; this holds even when it
    -- cannot (a zombie consumer after a rebalance, a row written by hand). No gap locks needed, none used.
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (therapist_id WITH =, during WITH &&)
        WHERE (status IN ('HELD', 'CONFIRMED'))
);
CREATE INDEX bookings_held_by_expiry ON bookings (hold_expires_at) WHERE status = 'HELD';
CREATE INDEX bookings_by_customer ON bookings (customer_id);

-- One row per command ever applied: a redelivered command finds its outcome here and gets it again.
CREATE TABLE processed_commands (
    request_id   uuid PRIMARY KEY,
    command_type text        NOT NULL,
    booking_id   uuid,
    outcome      text        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'REJECTED', 'FAILED')),
    result       jsonb       NOT NULL,
    processed_at timestamptz NOT NULL
);
CREATE INDEX processed_commands_by_booking ON processed_commands (booking_id);

-- Results and events written in the same transaction as the change they report; the relay publishes and deletes.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
