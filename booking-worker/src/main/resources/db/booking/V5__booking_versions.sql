-- Every change of a booking is a compare-and-set on the version it was decided from: an UPDATE that finds another
-- version changed nothing, and the change is decided again from what the row says now.
ALTER TABLE bookings ADD COLUMN version integer NOT NULL DEFAULT 0;
