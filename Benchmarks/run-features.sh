#!/usr/bin/env bash
# Times `churnguard features` on generated data: from the CSV files, and with STORE=1 also from the
# store after `ingest` (SQLite under a fresh home; PostgreSQL too when PG_URL names an empty
# database), with peak memory from /usr/bin/time -v. Checks that both paths wrote the same rows.
# Usage: Benchmarks/run-features.sh [customers] [months]
# Env: BENCH_DIR (scratch directory, default a new temp dir; removed afterwards unless KEEP=1; raw data
#      already in BENCH_DIR/raw is reused), WORKERS (default 2), STORE (1: also the store paths),
#      PG_URL (a PostgreSQL URL for the store path on PostgreSQL), SCRATCH (SwiftPM scratch path).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-500000}
MONTHS=${2:-12}
WORKERS=${WORKERS:-2}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-bench.XXXXXX)}
mkdir -p "$BENCH_DIR"
scratch=()
[ -n "${SCRATCH:-}" ] && scratch=(--scratch-path "$SCRATCH")

echo "==> building release binary"
swift build -c release "${scratch[@]}" --product churnguard 2>&1 | tail -1
bin=$(swift build -c release "${scratch[@]}" --show-bin-path)/churnguard

source Benchmarks/measure.sh

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
  echo "==> ingest into SQLite (raw tables, as the store path needs them)"
  measure ingest-sqlite env -u CHURNGUARD_DATABASE_URL "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$end" --home "$BENCH_DIR/home-sqlite"
  echo "==> features --from-store (SQLite)"
  measure features-sqlite env -u CHURNGUARD_DATABASE_URL "$bin" features --from-store --home "$BENCH_DIR/home-sqlite" \
    --data-start "$start" --data-end "$end" --as-of monthly --horizon 90d --workers "$WORKERS" --out "$BENCH_DIR/features-sqlite.csv"
  same_rows "$BENCH_DIR/features-csv.csv" "$BENCH_DIR/features-sqlite.csv"
  if [ -n "${PG_URL:-}" ]; then
    echo "==> ingest into PostgreSQL"
    measure ingest-postgres env CHURNGUARD_DATABASE_URL="$PG_URL" "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$end" --home "$BENCH_DIR/home-pg"
    echo "==> features --from-store (PostgreSQL)"
    measure features-postgres env CHURNGUARD_DATABASE_URL="$PG_URL" "$bin" features --from-store --home "$BENCH_DIR/home-pg" \
      --data-start "$start" --data-end "$end" --as-of monthly --horizon 90d --workers "$WORKERS" --out "$BENCH_DIR/features-postgres.csv"
    same_rows "$BENCH_DIR/features-csv.csv" "$BENCH_DIR/features-postgres.csv"
  fi
fi
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
