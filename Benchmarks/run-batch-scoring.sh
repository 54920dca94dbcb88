#!/usr/bin/env bash
# Batch scoring and online feature lookup at N customers (default 1,000,000), on SQLite and, when a
# PostgreSQL server can be started here (initdb/pg_ctl installed), on PostgreSQL too.
#
# Steps: generate SEED customers × 6 months, train a model on their features, ingest the store at
# AS_OF, register + promote the bundle, grow the online store to N customers by copying the real
# snapshots under new ids (`churnguard bench-store`, hidden), time random single-customer lookups,
# then time `churnguard score` (with reasons; with RESCORE=1 again as an idempotent re-run; and
# --no-reasons on a cleared log).
# Usage: Benchmarks/run-batch-scoring.sh [customers]
# Env: SEED (generated customers, default 20000), BENCH_DIR (scratch, removed unless KEEP=1),
#      PAGE (default 5000), RESCORE=1, SKIP_POSTGRES=1, SKIP_SQLITE=1, SKIP_NO_REASONS=1 (the second
#      scoring run without reasons), SCRATCH (SwiftPM scratch path, default .build),
#      PG_SHARED_BUFFERS, PG_EXTRA_OPTIONS (Benchmarks/postgres-server.sh: how the server is tuned).
# The 10,000,000-customer run of docs/SCALING.md:
#   SKIP_SQLITE=1 SKIP_NO_REASONS=1 PG_SHARED_BUFFERS=8GB bash Benchmarks/run-batch-scoring.sh 10000000
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-1000000}
SEED=${SEED:-20000}
PAGE=${PAGE:-5000}
AS_OF=2025-06-01
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-batch.XXXXXX)}
mkdir -p "$BENCH_DIR"
# mktemp makes it 0700: the postgres user that runs the PostgreSQL half must reach its data directory inside.
chmod 755 "$BENCH_DIR"

source Benchmarks/release-binary.sh

source Benchmarks/measure.sh
source Benchmarks/postgres-server.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> preparing: $SEED generated customers, a model, an ingested store"
source Benchmarks/scoring-data.sh
echo "    model: $(grep -o '"num_trees" *: *"[0-9]*"' "$BENCH_DIR/model/model.json" | head -1)"

# Runs one backend: $1 label, rest is the environment for churnguard.
backend() {
    local label=$1 home=$2
    export CHURNGUARD_HOME=$home
    echo "==> $label"
    timed "$label-ingest" "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF"
    timed "$label-fill" "$bin" bench-store --as-of "$AS_OF" --promote "$BENCH_DIR/model" --customers "$CUSTOMERS" --lookups 100000
    if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then postgres_reset_statements; fi
    timed "$label-score" "$bin" score --as-of "$AS_OF" --page "$PAGE"
    # Where the server spent the run (PostgreSQL only).
    if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then postgres_top_statements; fi
    # The idempotent re-run recomputes every score and logs nothing new; it takes about as long as the run.
    if [ "${RESCORE:-0}" = 1 ]; then timed "$label-rescore" "$bin" score --as-of "$AS_OF" --page "$PAGE"; fi
    if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then postgres_sizes; fi
    if [ "${SKIP_NO_REASONS:-0}" != 1 ]; then
        clear_log "$label"
        timed "$label-score-no-reasons" "$bin" score --as-of "$AS_OF" --page "$PAGE" --no-reasons
    fi
    unset CHURNGUARD_HOME
}

# `measure`, plus the PostgreSQL server's CPU for the command when the store is there: on a shared
# machine the wall clock alone does not say whose CPU a run waited for.
timed() {
    local label=$1 cpu0=""
    if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then cpu0=$(postgres_cpu_seconds); fi
    measure "$@"
    if [ -n "$cpu0" ]; then echo "                       server CPU $(echo "$(postgres_cpu_seconds) - $cpu0" | bc) s"; fi
}

clear_log() {
    if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then
        psql "$CHURNGUARD_DATABASE_URL" -q -c "TRUNCATE predictions_log; DO \$\$ BEGIN IF to_regclass('predictions_batch_keys') IS NOT NULL THEN TRUNCATE predictions_batch_keys; END IF; END \$\$; DELETE FROM batch_runs; CHECKPOINT;"
    else
        sqlite3 "$CHURNGUARD_HOME/churnguard.sqlite" "DELETE FROM predictions_log; DELETE FROM batch_runs; VACUUM;"
    fi
}

# Every table and index of the store with its size (TOAST included), after the scoring day.
postgres_sizes() {
    psql "$CHURNGUARD_DATABASE_URL" -q -P pager=off -c "
        SELECT c.relname AS relation, CASE c.relkind WHEN 'i' THEN 'index' ELSE 'table' END AS kind,
               pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size, c.reltuples::bigint AS rows_estimate
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 'p', 'I') AND pg_total_relation_size(c.oid) > 1048576
        ORDER BY pg_total_relation_size(c.oid) DESC"
    psql "$CHURNGUARD_DATABASE_URL" -q -A -t -c "SELECT 'database ' || pg_size_pretty(pg_database_size(current_database()))"
}

if [ "${SKIP_SQLITE:-0}" != 1 ]; then
    backend sqlite "$BENCH_DIR/sqlite"
    ls -la "$BENCH_DIR/sqlite/churnguard.sqlite" | awk '{printf "    sqlite file %.0f MiB\n", $5 / 1048576}'
    rm -rf "$BENCH_DIR/sqlite"
fi

if start_postgres "$BENCH_DIR/pg"; then
    backend postgres "$BENCH_DIR/pg-home"
    psql "$CHURNGUARD_DATABASE_URL" -q -A -t -c "SELECT 'postgres database ' || pg_size_pretty(pg_database_size('postgres'))"
    stop_postgres
    rm -rf "$BENCH_DIR/pg"
else
    echo "==> postgres: skipped (no initdb/pg_ctl, or SKIP_POSTGRES=1)"
fi
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR/raw" "$BENCH_DIR/features.csv"; echo "logs in $BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
