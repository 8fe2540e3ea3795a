#!/bin/sh
# Run by the postgres image on its first start (docker-entrypoint-initdb.d), as the superuser.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v worker_password="$WORKER_DB_PASSWORD" -v gateway_password="$GATEWAY_DB_PASSWORD" \
  -f /opt/spa-booking/roles.sql
