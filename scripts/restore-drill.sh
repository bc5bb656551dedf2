#!/usr/bin/env bash
# Backup restore drill: proves that a pg_dump of DATABASE_URL restores into a working database.
#
#   DATABASE_URL=postgresql://user:pass@host:5432/claimbase scripts/restore-drill.sh
#
# 1. dumps DATABASE_URL with `pg_dump --format=custom`, in one snapshot that the row counts below
#    also read, so writes during the drill cannot make the counts disagree;
# 2. restores the dump with pg_restore into a fresh scratch database on the same server;
# 3. compares the row count of every table (including _prisma_migrations) and the list of applied
#    migrations between the source and the restored copy, and prints a summary;
# 4. drops the scratch database (also on failure or Ctrl-C) and deletes the dump.
#
# Exit status: 0 when everything matches, 1 on any mismatch or failed step, 2 when the drill cannot run
# (missing tools, pg_dump older than the server, bad settings).
#
# Settings (environment):
#   DATABASE_URL      the database to drill (a postgresql:// URL; the user needs CREATEDB)
#   PG_BIN            directory holding pg_dump, pg_restore and psql (default: found on PATH), e.g.
#                     /usr/lib/postgresql/18/bin: pg_dump must be at least as new as the server
#   SCRATCH_DATABASE  name of the scratch database (default restore_drill_<time>_<pid>); it must not
#                     exist yet: the drill never drops a database it did not create
#   KEEP_DUMP         a path: keep the dump file there instead of deleting it
set -euo pipefail

say() { printf 'restore-drill: %s\n' "$*" >&2; }
refuse() {
  say "$*"
  exit 2
}

[[ -n "${DATABASE_URL:-}" ]] || refuse "set DATABASE_URL to the database to drill (postgresql://user:pass@host:port/db)"

tool() {
  local name=$1
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/$name" ]] || refuse "$PG_BIN/$name not found (PG_BIN=$PG_BIN)"
    printf '%s\n' "$PG_BIN/$name"
  else
    command -v "$name" >/dev/null || refuse "$name not found on PATH: install the PostgreSQL client tools, or set PG_BIN"
    command -v "$name"
  fi
}
PG_DUMP=$(tool pg_dump)
PG_RESTORE=$(tool pg_restore)
PSQL=$(tool psql)

# The URL's parts, to point the same server and credentials at the scratch database.
if [[ ! "$DATABASE_URL" =~ ^(postgres(ql)?://[^/?]*)(/([^?]*))?(\?.*)?$ ]]; then
  refuse "DATABASE_URL must be a postgresql:// URL"
fi
URL_BASE=${BASH_REMATCH[1]}
SOURCE_DB=${BASH_REMATCH[4]}
URL_QUERY=${BASH_REMATCH[5]}
[[ -n "$SOURCE_DB" ]] || refuse "DATABASE_URL names no database"

q() { "$PSQL" "$1" -X -A -t -q -v ON_ERROR_STOP=1 -c "$2"; }

major_of() { sed -E -n 's/.*\(PostgreSQL\) ([0-9]+).*/\1/p' | head -n 1; }

server_num=$(q "$DATABASE_URL" "SHOW server_version_num") || refuse "cannot connect to DATABASE_URL"
server_major=$((server_num / 10000))
dump_major=$("$PG_DUMP" --version | major_of)
restore_major=$("$PG_RESTORE" --version | major_of)
[[ -n "$dump_major" && -n "$restore_major" ]] || refuse "cannot read the versions of $PG_DUMP and $PG_RESTORE"
if ((dump_major < server_major)); then
  refuse "pg_dump $dump_major is older than the server (PostgreSQL $server_major), and pg_dump cannot dump a newer server. Install the PostgreSQL $server_major client tools (e.g. postgresql-client-$server_major) and point PG_BIN at them (e.g. PG_BIN=/usr/lib/postgresql/$server_major/bin)."
fi
if ((restore_major < dump_major)); then
  refuse "pg_restore $restore_major is older than pg_dump $dump_major and cannot read its archives; use tools of one version (PG_BIN)"
fi

SCRATCH_DB=${SCRATCH_DATABASE:-restore_drill_$(date +%Y%m%d%H%M%S)_$$}
[[ "$SCRATCH_DB" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || refuse "SCRATCH_DATABASE must be a lowercase identifier, got '$SCRATCH_DB'"
[[ "$SCRATCH_DB" != "$SOURCE_DB" ]] || refuse "SCRATCH_DATABASE must differ from the source database"
SCRATCH_URL="$URL_BASE/$SCRATCH_DB$URL_QUERY"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/restore-drill.XXXXXX")
DUMP="$WORK/claimbase.dump"
created=0
snapshot_pid=

cleanup() {
  local status=$?
  if [[ -n "$snapshot_pid" ]]; then
    exec {SNAP_IN}>&- 2>/dev/null || true
    kill "$snapshot_pid" 2>/dev/null || true
    wait "$snapshot_pid" 2>/dev/null || true
  fi
  if ((created)); then
    if ((server_major >= 13)); then
      q "$DATABASE_URL" "DROP DATABASE IF EXISTS \"$SCRATCH_DB\" WITH (FORCE)" >/dev/null || say "could not drop the scratch database $SCRATCH_DB: drop it by hand"
    else
      q "$DATABASE_URL" "DROP DATABASE IF EXISTS \"$SCRATCH_DB\"" >/dev/null || say "could not drop the scratch database $SCRATCH_DB: drop it by hand"
    fi
  fi
  if [[ -n "${KEEP_DUMP:-}" && -f "$DUMP" ]]; then
    mv "$DUMP" "$KEEP_DUMP" && say "dump kept at $KEEP_DUMP"
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Row counts of every table, one "schema.table<TAB>count" line each, in name order.
COUNTS_SQL="SELECT format('%s.%s', n.nspname, c.relname) || E'\t' ||
  (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
  AND NOT c.relispartition
ORDER BY 1;"
MIGRATIONS_SQL="SELECT string_agg(migration_name, ',' ORDER BY migration_name) FROM \"_prisma_migrations\"
WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL;"
END_MARK="__restore_drill_end__"

# A session that holds a repeatable-read snapshot: pg_dump dumps exactly what it sees, and the source
# counts are read in it too.
coproc SNAPSHOT { "$PSQL" "$DATABASE_URL" -X -A -t -q -v ON_ERROR_STOP=1 2>&1; }
snapshot_pid=$SNAPSHOT_PID
exec {SNAP_IN}>&"${SNAPSHOT[1]}" {SNAP_OUT}<&"${SNAPSHOT[0]}"

snapshot_query() {
  printf '%s\nSELECT %s;\n' "$1" "'$END_MARK'" >&"$SNAP_IN"
  local line output=""
  while IFS= read -r -t 600 line <&"$SNAP_OUT"; do
    if [[ "$line" == "$END_MARK" ]]; then
      printf '%s' "$output"
      return 0
    fi
    output+="$line"$'\n'
  done
  say "the snapshot session failed: ${output:-no answer}"
  return 1
}

snapshot=$(snapshot_query "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();")
[[ "$snapshot" =~ ^[0-9A-F-]+$ ]] || {
  say "could not export a snapshot: $snapshot"
  exit 1
}

say "dumping $SOURCE_DB (PostgreSQL $server_major, pg_dump $dump_major)"
started=$SECONDS
"$PG_DUMP" --format=custom --snapshot="$snapshot" --file="$DUMP" --dbname="$DATABASE_URL"
dump_bytes=$(wc -c <"$DUMP" | tr -d ' ')
source_counts=$(snapshot_query "$COUNTS_SQL")
has_migrations=0
source_migrations=
if grep -q $'^public._prisma_migrations\t' <<<"$source_counts"; then
  has_migrations=1
  source_migrations=$(snapshot_query "$MIGRATIONS_SQL")
fi
snapshot_query "COMMIT;" >/dev/null

say "restoring into scratch database $SCRATCH_DB"
q "$DATABASE_URL" "CREATE DATABASE \"$SCRATCH_DB\" TEMPLATE template0" >/dev/null
created=1
# Owners and grants are left out: the drill checks the data, and roles are the server's, not the dump's.
"$PG_RESTORE" --exit-on-error --no-owner --no-privileges --dbname="$SCRATCH_URL" "$DUMP"
restored_counts=$(q "$SCRATCH_URL" "$COUNTS_SQL")
restored_migrations=$(q "$SCRATCH_URL" "$MIGRATIONS_SQL" 2>/dev/null || echo "(no _prisma_migrations table)")

declare -A restored=()
while IFS=$'\t' read -r table count; do
  [[ -n "$table" ]] && restored[$table]=$count
done <<<"$restored_counts"

mismatches=0
tables=0
rows=0
printf '%-40s %12s %12s  %s\n' "table" "source" "restored" "result"
while IFS=$'\t' read -r table count; do
  [[ -n "$table" ]] || continue
  tables=$((tables + 1))
  rows=$((rows + count))
  got=${restored[$table]:-missing}
  if [[ "$got" == "$count" ]]; then
    result=ok
  else
    result=MISMATCH
    mismatches=$((mismatches + 1))
  fi
  printf '%-40s %12s %12s  %s\n' "$table" "$count" "$got" "$result"
  unset "restored[$table]"
done <<<"$source_counts"
for table in "${!restored[@]}"; do
  printf '%-40s %12s %12s  %s\n' "$table" "missing" "${restored[$table]}" "MISMATCH"
  mismatches=$((mismatches + 1))
done

if ((!has_migrations)); then
  say "the source has no _prisma_migrations table: is DATABASE_URL a migrated claimbase database?"
  mismatches=$((mismatches + 1))
elif [[ "$source_migrations" != "$restored_migrations" ]]; then
  say "applied migrations differ: source [$source_migrations], restored [$restored_migrations]"
  mismatches=$((mismatches + 1))
fi

echo
echo "source:     $SOURCE_DB (PostgreSQL $server_major), $tables tables, $rows rows"
echo "dump:       $dump_bytes bytes, pg_dump $dump_major --format=custom"
echo "migrations: ${source_migrations:-none}"
echo "duration:   $((SECONDS - started)) s"
if ((mismatches > 0)); then
  echo "RESTORE DRILL FAILED: $mismatches mismatch(es)"
  exit 1
fi
echo "RESTORE DRILL PASSED: every table restored with the same row count"
