#!/usr/bin/env bash
# `score --coordinated` with 1, 2 and 4 worker processes sharing one PostgreSQL: throughput of the
# whole run (customers scored with reasons and logged, per second of wall time) and efficiency
# against one process. On this 2-core machine two processes can be at most 2× one, and the server
# shares the same two cores, so the script also reports how busy the machine was and where the
# server spent its time (pg_stat_statements).
#
# Steps: generate SEED customers × 6 months, train, ingest at AS_OF, grow the online store to N
# customers (`bench-store`), then for each worker count: clear the log and the chunk queue, start the
# processes together, wait for all, time the run.
# Usage: Benchmarks/run-coordinated.sh [customers]   (default 1,000,000)
# Env: SEED (default 20000), WORKERS (process counts, default "1 2 4"), THREADS (scoring threads per
#      process, default 1: each process one core's worth, so the processes are what scales), CHUNK
#      (customers per leased chunk, default 5000), BENCH_DIR (removed unless KEEP=1), SCRATCH,
#      PG_SHARED_BUFFERS, PG_EXTRA_OPTIONS (Benchmarks/postgres-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-1000000}
SEED=${SEED:-20000}
WORKERS=${WORKERS:-1 2 4}
THREADS=${THREADS:-1}
CHUNK=${CHUNK:-5000}
AS_OF=2025-06-01
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-coordinated.XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"

source Benchmarks/release-binary.sh

source Benchmarks/postgres-server.sh
start_postgres "$BENCH_DIR/pg" || { echo "needs PostgreSQL server binaries (scripts/bootstrap.sh --postgres)" >&2; exit 1; }

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> preparing: $SEED generated customers, a model, the online store grown to $CUSTOMERS customers"
"$bin" generate --customers "$SEED" --months 6 --seed 7 --out "$BENCH_DIR/raw" > /dev/null 2>&1
"$bin" features --data "$BENCH_DIR/raw" --as-of 2025-03-01,2025-04-01,2025-05-01,2025-06-01 --horizon 30d \
    --out "$BENCH_DIR/features.csv" > /dev/null 2>&1
"$bin" train --budget 0 --features "$BENCH_DIR/features.csv" --out "$BENCH_DIR/model" --version bench-v1 > /dev/null 2> "$BENCH_DIR/train.err"
export CHURNGUARD_HOME=$BENCH_DIR/home
"$bin" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF" --skip-raw > /dev/null 2>&1
"$bin" bench-store --as-of "$AS_OF" --promote "$BENCH_DIR/model" --customers "$CUSTOMERS" --lookups 1000 > /dev/null 2>&1
rm -rf "$BENCH_DIR/raw" "$BENCH_DIR/features.csv"

# Busy and total jiffies of the whole machine (all cores), from /proc/stat.
cpu_jiffies() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8; total = busy + $5 + $6; print busy, total}' /proc/stat; }

baseline=""
printf "%-8s %9s %12s %11s %10s %s\n" workers wall customers/s speedup efficiency "machine busy, load"
for n in $WORKERS; do
    psql "$CHURNGUARD_DATABASE_URL" -q -c "TRUNCATE predictions_log; DO \$\$ BEGIN IF to_regclass('predictions_batch_keys') IS NOT NULL THEN TRUNCATE predictions_batch_keys; END IF; END \$\$; DELETE FROM score_chunks; CHECKPOINT;"
    postgres_reset_statements
    read -r busy0 total0 < <(cpu_jiffies)
    server0=$(postgres_cpu_seconds)
    start=$(date +%s.%N)
    pids=()
    for i in $(seq 1 "$n"); do
        /usr/bin/time -f "%U %S" -o "$BENCH_DIR/w$n-$i.time" \
            "$bin" score --as-of "$AS_OF" --coordinated --workers "$THREADS" --chunk "$CHUNK" \
            > "$BENCH_DIR/w$n-$i.out" 2> "$BENCH_DIR/w$n-$i.err" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || { cat "$BENCH_DIR"/w"$n"-*.err >&2; exit 1; }; done
    end=$(date +%s.%N)
    for i in $(seq 1 "$n"); do awk '{print $1 + $2}' "$BENCH_DIR/w$n-$i.time" > "$BENCH_DIR/w$n-$i.cpu"; done
    read -r busy1 total1 < <(cpu_jiffies)
    server=$(echo "$(postgres_cpu_seconds) - $server0" | bc)
    logged=$(psql "$CHURNGUARD_DATABASE_URL" -A -t -c "SELECT COUNT(*) FROM predictions_log")
    [ "$logged" = "$CUSTOMERS" ] || { echo "expected $CUSTOMERS predictions, found $logged" >&2; exit 1; }
    wall=$(echo "$end - $start" | bc -l)
    rate=$(echo "$CUSTOMERS / $wall" | bc -l)
    [ -z "$baseline" ] && baseline=$rate
    speedup=$(echo "$rate / $baseline" | bc -l)
    ideal=$(( n < $(nproc) ? n : $(nproc) ))
    busy=$(echo "100 * ($busy1 - $busy0) / ($total1 - $total0)" | bc -l)
    printf "%-8s %8.1fs %12.0f %10.2fx %9.0f%% %5.0f%%, %s\n" "$n" "$wall" "$rate" "$speedup" "$(echo "100 * $speedup / $ideal" | bc -l)" \
        "$busy" "$(cut -d' ' -f1-3 /proc/loadavg)"
    for i in $(seq 1 "$n"); do sed "s/^/    w$n-$i: /" "$BENCH_DIR/w$n-$i.out" | head -1; done
    echo "    server CPU ${server} s; workers' CPU $(cat "$BENCH_DIR"/w"$n"-*.cpu | awk '{s += $1} END {printf "%.1f", s}') s"
    postgres_top_statements 5
done
if [ "${KEEP:-0}" != 1 ]; then stop_postgres; rm -rf "$BENCH_DIR/pg" "$BENCH_DIR/home"; echo "logs in $BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
