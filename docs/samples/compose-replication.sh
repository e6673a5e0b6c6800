#!/bin/sh
# compose.yaml: lets the replica container take a base backup and stream the WAL.
set -e
echo "host replication diaspora all scram-sha-256" >> "$PGDATA/pg_hba.conf"
