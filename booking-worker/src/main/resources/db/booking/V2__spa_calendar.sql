-- The spa's real calendar: what each therapist may do, when they work, when they or the spa are away, and the rooms
-- treatments need.

CREATE TABLE rooms (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL CHECK (name <> ''),
    room_type  text        NOT NULL CHECK (room_type <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- the kind of room a treatment needs; null for one that needs none
ALTER TABLE services ADD COLUMN room_type text CHECK (room_type <> '');

-- the services each therapist is qualified for
CREATE TABLE therapist_services (
    therapist_id uuid NOT NULL REFERENCES therapists (id) ON DELETE CASCADE,
    service_id   uuid NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (therapist_id, service_id)
);

-- Weekly working hours in the spa's time zone (booking.zone), several intervals a day for breaks.
CREATE TABLE working_hours (
    therapist_id uuid     NOT NULL REFERENCES therapists (id) ON DELETE CASCADE,
    day_of_week  smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7), -- ISO-8601: 1 is Monday
    starts_at    time     NOT NULL,
    ends_at      time     NOT NULL, -- 24:00 for the end of the day
    CHECK (ends_at > starts_at),
    CONSTRAINT working_hours_no_overlap EXCLUDE USING gist (therapist_id WITH =, day_of_week WITH =,
        tsrange(DATE '2000-01-03' + starts_at, DATE '2000-01-03' + ends_at) WITH &&)
);

-- A therapist's time off, or, without a therapist, a closure of the whole spa.
CREATE TABLE time_off (
    id           uuid PRIMARY KEY,
    therapist_id uuid REFERENCES therapists (id) ON DELETE CASCADE,
    during       tstzrange   NOT NULL CHECK (NOT isempty(during)),
    reason       text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX time_off_by_therapist ON time_off USING gist (therapist_id, during);

ALTER TABLE bookings ADD COLUMN room_id uuid REFERENCES rooms (id);

-- Rooms are shared by all therapists, so two partitions can race for the last one: the database decides.
ALTER TABLE bookings ADD CONSTRAINT bookings_no_room_overlap
    EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (status IN ('HELD', 'CONFIRMED') AND room_id IS NOT NULL);

-- A customer cannot be in two treatments at once (the cleanup buffer is the therapist's, not the customer's).
ALTER TABLE bookings ADD CONSTRAINT bookings_no_customer_overlap
    EXCLUDE USING gist (customer_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status IN ('HELD', 'CONFIRMED'));
