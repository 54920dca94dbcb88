#!/usr/bin/env bash
# Times `churnguard features` on generated data: from the CSV files, and with STORE=1 also from the
# store after `ingest` (SQLite under a fresh home; PostgreSQL too when PG_URL names an empty
# database), with peak memory from /usr/bin/time -v. Checks that both paths wrote the same rows.
# Usage: Benchmarks/run-features.sh [customers] [months]
# Env: BENCH_DIR (scratch directory, default a new temp dir; removed afterwards unless KEEP=1; raw data
#      already in BENCH_DIR/raw is reused), WORKERS (default 2), STORE (1: also the store paths),
#      PG_URL (a PostgreSQL URL for the store path on PostgreSQL), POSTGRES=1 (without PG_URL: a
#      throwaway server, Benchmarks/postgres-server.sh), SKIP_SQLITE=1 (the store path on PostgreSQL
#      only), SCRATCH (SwiftPM scratch path), BIN (a release binary instead of building one).
# The 500,000-customer run from PostgreSQL (docs/BENCHMARKS.md):
#   STORE=1 POSTGRES=1 SKIP_SQLITE=1 bash Benchmarks/run-features.sh 500000 12
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-500000}
MONTHS=${2:-12}
WORKERS=${WORKERS:-2}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-bench.XXXXXX)}
mkdir -p "$BENCH_DIR"
# The postgres user that runs a throwaway server must reach its data directory inside.
chmod 755 "$BENCH_DIR"

source Benchmarks/release-binary.sh
source Benchmarks/measure.sh
source Benchmarks/postgres-server.sh
if [ "${STORE:-0}" = 1 ] && [ -z "${PG_URL:-}" ] && [ "${POSTGRES:-0}" = 1 ]; then
  start_postgres "$BENCH_DIR/pg" && PG_URL=$CHURNGUARD_DATABASE_URL
  unset CHURNGUARD_DATABASE_URL
fi

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$BENCH_DIR/raw/manifest.json" ]; then
  echo "==> generate: $CUSTOMERS customers × $MONTHS months into $BENCH_DIR/raw"
  measure generate "$bin" generate --customers "$CUSTOMERS" --months "$MONTHS" --seed 7 --workers "$WORKERS" --out "$BENCH_DIR/raw"
fi
echo "          raw data $(du -sh "$BENCH_DIR/raw" | cut -f1)"
start=$(sed -n 's/.*"start" *: *"\([0-9-]*\)".*/\1/p' "$BENCH_DIR/raw/manifest.json")
end=$(sed -n 's/.*"end" *: *"\([0-9-]*\)".*/\1/p' "$BENCH_DIR/raw/manifest.json")

echo "==> features --data (CSV files, chunks of customers)"
measure features-csv "$bin" features --data "$BENCH_DIR/raw" --as-of monthly --horizon 90d --workers "$WORKERS" --out "$BENCH_DIR/features-csv.csv"

same_rows() {  # the same header and the same rows, whatever their order
  cmp -s <(head -1 "$1") <(head -1 "$2") && cmp -s <(tail -n +2 "$1" | LC_ALL=C sort) <(tail -n +2 "$2" | LC_ALL=C sort) \
    && echo "          same rows as the CSV path: yes" || { echo "          same rows as the CSV path: NO" >&2; exit 1; }
}

if [ "${STORE:-0}" = 1 ]; then
  if [ "${SKIP_SQLITE:-0}" != 1 ]; then
    echo "==> ingest into SQLite (raw tables, as the store path needs them)"
    measure ingest-sqlite env -u CHURNGUARD_DATABASE_URL "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$end" --home "$BENCH_DIR/home-sqlite"
    echo "==> features --from-store (SQLite)"
    measure features-sqlite env -u CHURNGUARD_DATABASE_URL "$bin" features --from-store --home "$BENCH_DIR/home-sqlite" \
      --data-start "$start" --data-end "$end" --as-of monthly --horizon 90d --workers "$WORKERS" --out "$BENCH_DIR/features-sqlite.csv"
    same_rows "$BENCH_DIR/features-csv.csv" "$BENCH_DIR/features-sqlite.csv"
  fi
  if [ -n "${PG_URL:-}" ]; then
    echo "==> ingest into PostgreSQL"
    measure ingest-postgres env CHURNGUARD_DATABASE_URL="$PG_URL" "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$end" --home "$BENCH_DIR/home-pg"
    echo "==> features --from-store (PostgreSQL)"
    measure features-postgres env CHURNGUARD_DATABASE_URL="$PG_URL" "$bin" features --from-store --home "$BENCH_DIR/home-pg" \
      --data-start "$start" --data-end "$end" --as-of monthly --horizon 90d --workers "$WORKERS" --out "$BENCH_DIR/features-postgres.csv"
    same_rows "$BENCH_DIR/features-csv.csv" "$BENCH_DIR/features-postgres.csv"
  fi
fi
stop_postgres
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
