-- What each booking row cost that bought nothing (docs/design.md, "Per row").

-- The result is stored and read back as text, never queried as JSON: jsonb parsed every one of them on insert.
DROP VIEW command_outcomes;
ALTER TABLE processed_commands ALTER COLUMN result TYPE text;
-- unchanged but for the column's type (read contract, V12)
CREATE VIEW command_outcomes AS
SELECT request_id, command_type, booking_id, outcome, result, processed_at
  FROM processed_commands;

-- No query looks outcomes up by booking.
DROP INDEX processed_commands_by_booking;

-- Foreign keys from bookings: every insert looked up and share-locked its customer, therapist, service and room, and the
-- one service row every hold names became a lock that all partitions' transactions shared (a multixact per batch).
-- The worker reads each of them in the transaction that inserts the booking (the therapist and the customer under a
-- lock), and nothing deletes them; deleting one that bookings name is refused below, as the keys refused it.
ALTER TABLE bookings DROP CONSTRAINT bookings_customer_id_fkey,
                     DROP CONSTRAINT bookings_therapist_id_fkey,
                     DROP CONSTRAINT bookings_service_id_fkey,
                     DROP CONSTRAINT bookings_room_id_fkey;

CREATE FUNCTION refuse_delete_while_booked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM bookings
                WHERE CASE TG_ARGV[0] WHEN 'customer' THEN customer_id WHEN 'therapist' THEN therapist_id
                                      WHEN 'service' THEN service_id ELSE room_id END = OLD.id) THEN
        RAISE EXCEPTION 'Bookings name % %', TG_ARGV[0], OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER customers_refuse_delete_while_booked BEFORE DELETE ON customers
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_while_booked('customer');
CREATE TRIGGER therapists_refuse_delete_while_booked BEFORE DELETE ON therapists
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_while_booked('therapist');
CREATE TRIGGER services_refuse_delete_while_booked BEFORE DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_while_booked('service');
CREATE TRIGGER rooms_refuse_delete_while_booked BEFORE DELETE ON rooms
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_while_booked('room');
