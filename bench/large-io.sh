#!/usr/bin/env bash
# Bulk throughput on the large tier (issue #6): NDJSON export of every claim, and ClaimReview import.
#
#   SERVER_URL=postgresql://postgres@127.0.0.1:5432 bench/large-io.sh [claimreviews-to-import]
#
# 1. makes `claimbase_bench_large` (migrate + bench/generate --tier large) unless it already holds the tier;
# 2. `claimbase export claims` (NDJSON) to a file: records/s and the exporter's peak RSS;
# 3. `claimbase export reviews --format jsonld`, cut to the first N ClaimReviews (default 20,000) as
#    NDJSON, imported with `claimbase import` into a new empty database: records/s and peak RSS.
# Needs GNU time (/usr/bin/time) and a built checkout (`npm run build`). Prints one line per step.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER_URL="${SERVER_URL:-postgresql://postgres@127.0.0.1:5432}"
LIMIT="${1:-20000}"
LARGE="$SERVER_URL/claimbase_bench_large"
TARGET_DB="claimbase_large_import_$$"
WORK="$(mktemp -d)"
cleanup() {
  psql "$SERVER_URL/postgres" -qc "DROP DATABASE IF EXISTS $TARGET_DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cli() { node bin/claimbase.js "$@"; }
timed() { /usr/bin/time -f "%e %M" -o "$WORK/time" "$@"; read -r SECONDS_TAKEN RSS_KB <"$WORK/time"; }

claims=$(psql "$LARGE" -Atc "SELECT count(*) FROM claim" 2>/dev/null || echo 0)
if [ "$claims" != "1000000" ]; then
  echo "generating the large tier into claimbase_bench_large (takes a while)"
  psql "$SERVER_URL/postgres" -qc "CREATE DATABASE claimbase_bench_large" 2>/dev/null || true
  DATABASE_URL="$LARGE" cli migrate
  node dist/bench/generate/generate.js --tier large --database-url "$LARGE"
fi

timed env DATABASE_URL="$LARGE" node bin/claimbase.js export claims --out "$WORK/claims.ndjson" 2>"$WORK/export.log"
records=$(wc -l <"$WORK/claims.ndjson")
echo "NDJSON export of claims: $records records in ${SECONDS_TAKEN} s = $(awk "BEGIN { printf \"%d\", $records / $SECONDS_TAKEN }") records/s, peak RSS $((RSS_KB / 1024)) MB, $(du -m "$WORK/claims.ndjson" | cut -f1) MB written"

DATABASE_URL="$LARGE" cli export reviews --format jsonld --out "$WORK/reviews.jsonld" 2>/dev/null
# One ClaimReview per line after the opening line; drop the separators to get NDJSON.
sed -n "2,$((LIMIT + 1))p" "$WORK/reviews.jsonld" | sed -e 's/,$//' -e 's/^\]}$//' | grep -v '^$' >"$WORK/reviews.ndjson"
psql "$SERVER_URL/postgres" -qc "CREATE DATABASE $TARGET_DB"
DATABASE_URL="$SERVER_URL/$TARGET_DB" cli migrate >/dev/null
timed env DATABASE_URL="$SERVER_URL/$TARGET_DB" node bin/claimbase.js import "$WORK/reviews.ndjson" >"$WORK/import.log" 2>&1
applied=$(grep -Eo '[0-9]+ record' "$WORK/import.log" | head -1 | grep -Eo '[0-9]+' || echo "?")
echo "ClaimReview import: $(wc -l <"$WORK/reviews.ndjson") ClaimReviews -> $applied records in ${SECONDS_TAKEN} s = $(awk "BEGIN { printf \"%d\", $applied / $SECONDS_TAKEN }") records/s, peak RSS $((RSS_KB / 1024)) MB"
tail -3 "$WORK/import.log"
