-- A booking policy per service, with the spa's default (the row without a service): the least lead time to book, the
-- free-cancellation and reschedule windows, and what a late cancellation, a no-show and a confirmation cost (an amount
-- in the spa's currency, or a share of the price in percent: one column of each pair at most). A service without its
-- own row books on the default, as a whole (policies are not merged field by field).
CREATE TABLE booking_policies (
    service_id                    uuid REFERENCES services (id) ON DELETE CASCADE,
    minimum_lead_minutes          integer       NOT NULL DEFAULT 0 CHECK (minimum_lead_minutes >= 0),
    free_cancellation_hours       integer       NOT NULL DEFAULT 0 CHECK (free_cancellation_hours >= 0),
    reschedule_hours              integer       NOT NULL DEFAULT 0 CHECK (reschedule_hours >= 0),
    late_cancellation_fee         numeric(10,2) CHECK (late_cancellation_fee >= 0),
    late_cancellation_fee_percent integer       CHECK (late_cancellation_fee_percent BETWEEN 0 AND 100),
    no_show_fee                   numeric(10,2) CHECK (no_show_fee >= 0),
    no_show_fee_percent           integer       CHECK (no_show_fee_percent BETWEEN 0 AND 100),
    deposit                       numeric(10,2) CHECK (deposit >= 0),
    deposit_percent               integer       CHECK (deposit_percent BETWEEN 0 AND 100),
    updated_at                    timestamptz   NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (service_id),
    CHECK (late_cancellation_fee IS NULL OR late_cancellation_fee_percent IS NULL),
    CHECK (no_show_fee IS NULL OR no_show_fee_percent IS NULL),
    CHECK (deposit IS NULL OR deposit_percent IS NULL)
);
-- the default until an admin sets one: what bookings were before policies (free to cancel and move until the start)
INSERT INTO booking_policies (service_id) VALUES (NULL);

-- The worker keeps policies with the catalog in memory (CatalogLookups), so a change bumps the catalog's version.
CREATE TRIGGER booking_policies_bump_catalog_version AFTER INSERT OR UPDATE OR DELETE ON booking_policies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalog_version();

-- The policy in force when a booking was held, frozen with it as its price is, as the JSON the events carry
-- (BookingPolicy): it is read and shown whole, never queried. Bookings held before this have none (lenient terms).
ALTER TABLE bookings ADD COLUMN policy text;

-- Bookings that took place, or did not for the customer's absence: marked by the front desk from their start on.
-- Neither occupies time any more (the exclusion constraints cover HELD and CONFIRMED only).
ALTER TABLE bookings DROP CONSTRAINT bookings_status_check,
                     ADD CONSTRAINT bookings_status_check
                         CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED', 'RELEASED', 'EXPIRED', 'COMPLETED', 'NO_SHOW'));

-- The read contract (V12) gains the frozen policy, at the end, so every column it had keeps its place and meaning.
CREATE OR REPLACE VIEW booking_overview AS
SELECT b.id, b.customer_id, b.therapist_id, b.service_id, b.room_id, b.session_id, b.status, b.starts_at, b.ends_at,
       b.during AS busy, upper(b.during) AS busy_until, b.hold_expires_at, b.price, b.currency,
       coalesce(s.partition_key, b.therapist_id) AS owner, b.policy
  FROM bookings b
  LEFT JOIN booking_sessions s ON s.id = b.session_id;
