-- Carts: several items held, confirmed or cancelled together, sharing one hold expiry.
CREATE TABLE booking_sessions (
    id              uuid PRIMARY KEY,
    customer_id     uuid        NOT NULL REFERENCES customers (id),
    hold_expires_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE bookings ADD COLUMN session_id uuid REFERENCES booking_sessions (id);
CREATE INDEX bookings_by_session ON bookings (session_id) WHERE session_id IS NOT NULL;

-- Items of one session may overlap for their customer: a couples treatment is two therapists at once, booked by one
-- customer. Any other two active treatments of a customer still may not.
ALTER TABLE bookings DROP CONSTRAINT bookings_no_customer_overlap;
ALTER TABLE bookings ADD CONSTRAINT bookings_no_customer_overlap
    EXCLUDE USING gist (customer_id WITH =, (coalesce(session_id, id)) WITH <>, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status IN ('HELD', 'CONFIRMED'));
