-- What a refused hold was offered instead, worked out once when the refusal was first shown, so that everyone who
-- reads the request later sees the same offer. By booking ID: one entry for a hold, one per refused item of a cart.
ALTER TABLE requests ADD COLUMN alternatives jsonb;
