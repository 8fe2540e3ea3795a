-- What the gateway writes in the worker's schema, granted once the worker has migrated it (docker-compose.yml runs
-- this after the worker is healthy, before the gateway starts; it is idempotent). Bookings and outcomes stay the
-- worker's alone.
GRANT INSERT ON customers TO booking_gateway;
-- the admin API: catalog and schedules
GRANT INSERT ON rooms, services, therapists, therapist_services, working_hours, time_off TO booking_gateway;
GRANT DELETE ON therapist_services, working_hours TO booking_gateway;
-- the admin API: booking policies, set as an upsert (never deleted: the spa's default must stay)
GRANT INSERT, UPDATE ON booking_policies TO booking_gateway;
-- a schedule change locks its therapists (SELECT ... FOR UPDATE, which needs UPDATE) to serialise with the worker
GRANT UPDATE ON therapists TO booking_gateway;
-- The worker's own tables are read only through its read contract (migration V12: booking_overview,
-- session_overview, command_outcomes); the tables themselves are not the gateway's to read.
REVOKE SELECT ON bookings, booking_sessions, processed_commands, partition_owners FROM booking_gateway;
-- The waitlist is the worker's too: the gateway reads it through waitlist_overview (V17) and changes it by commands.
REVOKE SELECT ON waitlist_entries FROM booking_gateway;
