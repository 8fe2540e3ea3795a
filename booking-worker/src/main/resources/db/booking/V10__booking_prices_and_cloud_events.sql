-- A booking keeps the price of its service as it was when held, so that a payment service charges what the customer
-- was shown, whatever the price list says by the time of the confirm. Bookings held before this have none.
ALTER TABLE bookings ADD COLUMN price numeric(10,2) CHECK (price >= 0),
                     ADD COLUMN currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
                     ADD CHECK ((price IS NULL) = (currency IS NULL));

-- Each outbox row carries the CloudEvents attributes of its message (docs/events.md), which the relay sends as Kafka
-- headers: consumers route and filter on them without parsing the body. Rows written before this have none.
ALTER TABLE outbox ADD COLUMN ce_id text,
                   ADD COLUMN ce_type text,
                   ADD COLUMN ce_subject text,
                   ADD COLUMN ce_time timestamptz,
                   ADD COLUMN ce_dataschema text;
