-- A request about a whole cart is about no single booking.
ALTER TABLE requests ALTER COLUMN booking_id DROP NOT NULL;
