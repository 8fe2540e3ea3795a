-- Least privilege for the two apps, run once by the database's superuser before either starts
-- (docker-compose.yml runs it from init-roles.sh; psql variables worker_password and gateway_password).
-- The worker owns the booking schema (public) and migrates it; the gateway owns its own schema (gateway), reads the
-- worker's tables, and writes only what gateway-grants.sql lets it. Neither is a superuser.
CREATE ROLE booking_worker LOGIN PASSWORD :'worker_password';
CREATE ROLE booking_gateway LOGIN PASSWORD :'gateway_password';

-- the exclusion constraints need it; creating it here spares the worker the privilege
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER SCHEMA public OWNER TO booking_worker;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO booking_gateway;
CREATE SCHEMA gateway AUTHORIZATION booking_gateway;

-- every table the worker's migrations create, the gateway may read (bookings, outcomes, the catalog)
ALTER DEFAULT PRIVILEGES FOR ROLE booking_worker IN SCHEMA public GRANT SELECT ON TABLES TO booking_gateway;
