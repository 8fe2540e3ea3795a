-- A cart has one writer: the partition its commands are keyed by. Its expiry is sent there too, so the worker keeps
-- the key with the cart rather than working it out again from the items.
ALTER TABLE booking_sessions ADD COLUMN partition_key uuid;

-- Carts held before this change were keyed by the smallest therapist ID of their items, in Java's UUID order (the
-- two halves compared as signed 64-bit numbers).
UPDATE booking_sessions s
   SET partition_key = (SELECT b.therapist_id FROM bookings b WHERE b.session_id = s.id
                         ORDER BY ('x' || substr(replace(b.therapist_id::text, '-', ''), 1, 16))::bit(64)::bigint,
                                  ('x' || substr(replace(b.therapist_id::text, '-', ''), 17, 16))::bit(64)::bigint
                         LIMIT 1);
-- a refused cart is rolled back with its items, so a cart without items is one that never was
DELETE FROM booking_sessions WHERE partition_key IS NULL;
ALTER TABLE booking_sessions ALTER COLUMN partition_key SET NOT NULL;
