-- The read contract. Anyone but the worker (the gateway, reporting) reads the worker's bookings, carts and command
-- outcomes only through these views, never through the tables, which are the worker's to change: a migration that
-- changes a table keeps these views' columns and their meaning. docker/postgres/gateway-grants.sql takes the tables
-- away from the gateway's role, so a query that bypasses the views fails in LeastPrivilegeIntegrationTests.

-- A booking as the API shows it, and
--   busy        the time it takes its therapist and room: [start, end of the treatment plus its cleanup buffer)
--   busy_until  the upper bound of busy
--   owner       the therapist whose command partition changes it (for an item of a cart, the cart's)
CREATE VIEW booking_overview AS
SELECT b.id, b.customer_id, b.therapist_id, b.service_id, b.room_id, b.session_id, b.status, b.starts_at, b.ends_at,
       b.during AS busy, upper(b.during) AS busy_until, b.hold_expires_at, b.price, b.currency,
       coalesce(s.partition_key, b.therapist_id) AS owner
  FROM bookings b
  LEFT JOIN booking_sessions s ON s.id = b.session_id;

-- A cart: its customer, its items' common hold expiry, and the therapist whose partition its commands go to.
CREATE VIEW session_overview AS
SELECT id, customer_id, hold_expires_at, partition_key AS owner
  FROM booking_sessions;

-- The outcome of every command applied (within the retention of booking.retention.processed-commands): the result
-- sent on booking.results, as JSON.
CREATE VIEW command_outcomes AS
SELECT request_id, command_type, booking_id, outcome, result, processed_at
  FROM processed_commands;
