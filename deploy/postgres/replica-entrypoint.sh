#!/bin/sh
# A streaming replica of the `db` service: on first start, a base backup of the primary with
# pg_basebackup -R (it writes standby.signal and primary_conninfo), through a replication slot so the
# primary keeps the WAL the replica has not streamed yet; afterwards, PostgreSQL as a hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -U replicator; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" \
    --wal-method=stream --write-recovery-conf --create-slot --slot=replica1 --checkpoint=fast --progress
  chmod 0700 "$PGDATA"
  chown -R postgres:postgres "$PGDATA"
fi
# hot_standby_feedback: long exports on the replica are not cancelled by the primary's vacuum.
exec gosu postgres postgres -D "$PGDATA" -c hot_standby=on -c hot_standby_feedback=on
