-- The waitlist (docs/waitlist.md). An entry is in line for a service on one of the spa's days, for any start in
-- [earliest_start, latest_start], with one therapist or any qualified one (therapist_id null). It is written by the
-- customer's partition (join, leave) and by every partition that may offer it a time (the therapist's, or for "any
-- therapist" the partitions of all qualified therapists): each status change is a compare-and-set on the status it was
-- decided from, so an entry is offered one time at a time, never two.
CREATE TABLE waitlist_entries (
    id                 uuid        PRIMARY KEY,
    -- the order of joining: the smallest waiting position that fits is offered a freed time first
    position           bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    customer_id        uuid        NOT NULL REFERENCES customers (id),
    service_id         uuid        NOT NULL REFERENCES services (id),
    therapist_id       uuid        REFERENCES therapists (id),
    day                date        NOT NULL,
    earliest_start     timestamptz NOT NULL,
    latest_start       timestamptz NOT NULL,
    status             text        NOT NULL DEFAULT 'WAITING'
                                   CHECK (status IN ('WAITING', 'OFFERED', 'BOOKED', 'LEFT', 'OFFER_EXPIRED', 'OFFER_DECLINED')),
    -- the hold made for the entry when it was offered a time, and until when it may be confirmed
    offered_booking_id uuid,
    offer_expires_at   timestamptz,
    joined_at          timestamptz NOT NULL,
    changed_at         timestamptz NOT NULL,
    CHECK (earliest_start <= latest_start),
    CHECK (status IN ('WAITING', 'LEFT') OR offered_booking_id IS NOT NULL)
);
-- what a release looks for: the waiting entries of a day, in line
CREATE INDEX waitlist_entries_waiting ON waitlist_entries (day, position) WHERE status = 'WAITING';
-- a customer's entries (their list, their limit)
CREATE INDEX waitlist_entries_customer ON waitlist_entries (customer_id, status);
-- an offered hold finds its entry when it is confirmed, cancelled or expires
CREATE UNIQUE INDEX waitlist_entries_offered_booking ON waitlist_entries (offered_booking_id)
    WHERE offered_booking_id IS NOT NULL;

-- A hold made as a waitlist offer names its entry, so that its confirmation, cancellation or expiry moves the entry on
-- in the same transaction. Null for every other booking (costs a bit in the row's null bitmap, nothing more).
ALTER TABLE bookings ADD COLUMN waitlist_entry_id uuid;

-- The read contract (V12) for the waitlist: what the gateway and reporting read; the table stays the worker's.
CREATE VIEW waitlist_overview AS
SELECT id, position, customer_id, service_id, therapist_id, day, earliest_start, latest_start, status,
       offered_booking_id, offer_expires_at, joined_at, changed_at
  FROM waitlist_entries;
