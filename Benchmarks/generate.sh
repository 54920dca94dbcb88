#!/usr/bin/env bash
# Times `churnguard generate` (500,000 customers × 12 months by default) and then
# `churnguard features --as-of monthly` on its output, with peak memory from /usr/bin/time -v.
# Usage: Benchmarks/generate.sh [customers] [months]
# Env: BENCH_DIR (scratch directory, default a new temp dir; removed afterwards unless KEEP=1),
#      WORKERS (threads for both commands, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-500000}
MONTHS=${2:-12}
WORKERS=${WORKERS:-2}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-bench.XXXXXX)}
mkdir -p "$BENCH_DIR"

echo "==> building release binary"
swift build -c release --product churnguard 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path)/churnguard

source Benchmarks/measure.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> generate: $CUSTOMERS customers × $MONTHS months, $WORKERS workers, into $BENCH_DIR/raw"
rm -rf "$BENCH_DIR/raw"
measure generate "$bin" generate --customers "$CUSTOMERS" --months "$MONTHS" --seed 7 --workers "$WORKERS" --out "$BENCH_DIR/raw"
echo "          output size $(du -sh "$BENCH_DIR/raw" | cut -f1)"
echo "==> features --as-of monthly --horizon 90d"
measure features "$bin" features --data "$BENCH_DIR/raw" --as-of monthly --horizon 90d --workers "$WORKERS" --out "$BENCH_DIR/features.csv"
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
