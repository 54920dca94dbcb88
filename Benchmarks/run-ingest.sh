#!/usr/bin/env bash
# `churnguard ingest` on SQLite and PostgreSQL side by side: how fast the six raw tables are copied
# into the store (target, issue 15: >= 300,000 raw rows/s on both), and that a second ingest of the
# same files adds nothing. The rate is the copy's own (`raw tables: … rows/s`, printed by ingest):
# reading the CSVs into memory for the quality gate and materializing the online features, which
# ingest also does, are timed by the wall clock beside it.
#
# Usage: Benchmarks/run-ingest.sh [customers] [months]   (default 20000 customers × 12 months)
# Env: BENCH_DIR (scratch, removed unless KEEP=1), SCRATCH (SwiftPM scratch path, default .build),
#      SKIP_POSTGRES=1, PG_SHARED_BUFFERS, PG_EXTRA_OPTIONS (Benchmarks/postgres-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-20000}
MONTHS=${2:-12}
AS_OF=2025-06-01
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-ingest.XXXXXX)}
mkdir -p "$BENCH_DIR"
# The postgres user that runs the server must reach its data directory inside.
chmod 755 "$BENCH_DIR"

source Benchmarks/release-binary.sh

source Benchmarks/measure.sh
source Benchmarks/postgres-server.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" generate --customers "$CUSTOMERS" --months "$MONTHS" --seed 7 --out "$BENCH_DIR/raw" > /dev/null 2>&1
echo "==> data: $CUSTOMERS customers × $MONTHS months, $(du -sh "$BENCH_DIR/raw" | cut -f1) of CSV"
for f in "$BENCH_DIR"/raw/*.csv; do printf "    %-26s %'12d rows\n" "$(basename "$f")" "$(($(wc -l < "$f") - 1))"; done

backend() {
    local label=$1
    export CHURNGUARD_HOME=$2
    echo "==> $label"
    for run in ingest ingest-again; do
        local cpu0=""
        if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then cpu0=$(postgres_cpu_seconds); fi
        measure "$label-$run" "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF"
        if [ -n "$cpu0" ]; then echo "                       server CPU $(echo "$(postgres_cpu_seconds) - $cpu0" | bc) s"; fi
    done
    grep -q "0 new" "$BENCH_DIR/$label-ingest-again.out" || { echo "second ingest added rows" >&2; exit 1; }
    unset CHURNGUARD_HOME
}

backend sqlite "$BENCH_DIR/sqlite"
rm -rf "$BENCH_DIR/sqlite"
if start_postgres "$BENCH_DIR/pg"; then
    backend postgres "$BENCH_DIR/pg-home"
    postgres_top_statements 4
    stop_postgres
    rm -rf "$BENCH_DIR/pg" "$BENCH_DIR/pg-home"
else
    echo "==> postgres: skipped (no initdb/pg_ctl, or SKIP_POSTGRES=1)"
fi
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR/raw"; echo "logs in $BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
