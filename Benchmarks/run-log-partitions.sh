#!/usr/bin/env bash
# The partitioned predictions log (migration 14) against the single table, side by side in one run on
# one PostgreSQL server: `score` of N customers (default 1,000,000) with reasons, then the same day
# again (the idempotent rerun: every key claimed already, nothing logged), by this branch's binary and
# by BASE_BIN (a release binary built from the commit before partitions), each in its own database of
# the same server, on the same generated data and model.
# Usage: BASE_BIN=/path/to/old/churnguard Benchmarks/run-log-partitions.sh [customers]
# Env: SEED (generated customers, default 20000), PAGE (5000), ORDER ("base branch"), SCRATCH,
#      BENCH_DIR, KEEP=1, PG_SHARED_BUFFERS, PG_EXTRA_OPTIONS (Benchmarks/postgres-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-1000000}
SEED=${SEED:-20000}
PAGE=${PAGE:-5000}
AS_OF=2025-06-01
BASE_BIN=${BASE_BIN:?set BASE_BIN to the churnguard binary to compare against}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-partitions.XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"

source Benchmarks/release-binary.sh
source Benchmarks/measure.sh
source Benchmarks/postgres-server.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> preparing: $SEED generated customers, a model"
# A kept BENCH_DIR (KEEP=1) is reused as it is.
[ -f "$BENCH_DIR/model/model.json" ] || source Benchmarks/scoring-data.sh
start_postgres "$BENCH_DIR/pg" || { echo "no PostgreSQL here"; exit 1; }
server_url=$CHURNGUARD_DATABASE_URL

timed() {
    local label=$1 cpu0
    cpu0=$(postgres_cpu_seconds)
    measure "$@"
    echo "                       server CPU $(echo "$(postgres_cpu_seconds) - $cpu0" | bc) s"
}

# $1 label, $2 binary: a fresh database, the store grown to N customers, the day scored twice.
run() {
    local label=$1 binary=$2
    psql "$server_url" -q -c "CREATE DATABASE $label" > /dev/null
    export CHURNGUARD_DATABASE_URL=${server_url/\/postgres\?/\/$label?}
    psql "$CHURNGUARD_DATABASE_URL" -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" > /dev/null
    export CHURNGUARD_HOME=$BENCH_DIR/home-$label
    echo "==> $label ($binary)"
    "$binary" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF" > /dev/null 2>&1
    "$binary" bench-store --as-of "$AS_OF" --promote "$BENCH_DIR/model" --customers "$CUSTOMERS" --lookups 1000 > /dev/null 2>&1
    psql "$CHURNGUARD_DATABASE_URL" -q -c "CHECKPOINT" > /dev/null
    postgres_reset_statements
    timed "$label-score" "$binary" score --as-of "$AS_OF" --page "$PAGE"
    postgres_top_statements 4
    timed "$label-rescore" "$binary" score --as-of "$AS_OF" --page "$PAGE"
    psql "$CHURNGUARD_DATABASE_URL" -A -t -c "SELECT 'logged ' || COUNT(*) || ' rows, log ' || pg_size_pretty(
        COALESCE((SELECT SUM(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'predictions_log'::regclass), 0)
        + pg_total_relation_size('predictions_log')
        + COALESCE(pg_total_relation_size(to_regclass('predictions_batch_keys')), 0)) FROM predictions_log"
    psql "$server_url" -q -c "DROP DATABASE $label" > /dev/null
    unset CHURNGUARD_HOME
}

for which in ${ORDER:-base branch}; do
    if [ "$which" = base ]; then run base "$BASE_BIN"; else run branch "$bin"; fi
done
stop_postgres
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR/raw" "$BENCH_DIR/features.csv" "$BENCH_DIR"/home-*; echo "logs in $BENCH_DIR"; fi
