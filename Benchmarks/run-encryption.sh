#!/usr/bin/env bash
# Encryption at rest: what sealing costs batch scoring and the online lookup, side by side in one
# run. The same data, model and commands twice per round — once without a data key (plain) and once
# with one (CHURNGUARD_DATA_KEY_FILE, sealed) — alternating, ROUNDS times, so load drift hits both.
#
# Steps per mode: ingest SEED generated customers at AS_OF, grow the online store to N customers
# (`churnguard bench-store`, which also times 100,000 random single-customer lookups), then
# `churnguard score` with reasons (every customer's features read and opened, every prediction's
# inputs and reasons sealed and logged).
# Usage: Benchmarks/run-encryption.sh [customers]   (default 200000)
# Env: SEED (default 20000), ROUNDS (default 2), PAGE (default 5000), POSTGRES=1 (also on a throwaway
#      PostgreSQL server, Benchmarks/postgres-server.sh), LOOKUP_ROUNDS (default 3), LOOKUPS_ONLY=1
#      (only the alternating lookups), SERVED=1 (also served predictions by id on SQLite, with
#      SERVED_CONNECTIONS, default 4, SERVED_DURATION, default 15s, SERVED_IDS, default 20000),
#      BENCH_DIR (removed unless KEEP=1), SCRATCH, BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-200000}
SEED=${SEED:-20000}
ROUNDS=${ROUNDS:-2}
PAGE=${PAGE:-5000}
AS_OF=2025-06-01
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-encryption.XXXXXX)}
mkdir -p "$BENCH_DIR"
chmod 755 "$BENCH_DIR"

source Benchmarks/release-binary.sh
source Benchmarks/measure.sh
source Benchmarks/postgres-server.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> preparing: $SEED generated customers, a model, a data key"
source Benchmarks/scoring-data.sh
"$bin" keys generate --out "$BENCH_DIR/data.key" > /dev/null

# User + system CPU seconds of a measured LABEL: on a shared machine the wall clock also counts
# waiting for a core.
cpu_seconds() { awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$BENCH_DIR/$1.time"; }

# One mode on one engine: $1 label, $2 home; the data key is in the environment or not.
run_mode() {
    local label=$1 home=$2
    export CHURNGUARD_HOME=$home
    measure "$label-ingest" "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF"
    measure "$label-fill" "$bin" bench-store --as-of "$AS_OF" --promote "$BENCH_DIR/model" --customers "$CUSTOMERS" --lookups 100000
    measure "$label-score" "$bin" score --as-of "$AS_OF" --page "$PAGE"
    unset CHURNGUARD_HOME
}

# $1 engine label; runs every round of both modes, each on a fresh store.
engine() {
    local name=$1
    for round in $(seq 1 "$ROUNDS"); do
        for mode in plain sealed; do
            echo "==> $name, round $round, $mode"
            if [ -n "${CHURNGUARD_DATABASE_URL:-}" ]; then
                psql "$CHURNGUARD_DATABASE_URL" -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
            fi
            rm -rf "$BENCH_DIR/home"
            if [ "$mode" = sealed ]; then export CHURNGUARD_DATA_KEY_FILE=$BENCH_DIR/data.key; else unset CHURNGUARD_DATA_KEY_FILE; fi
            run_mode "$name-$mode-$round" "$BENCH_DIR/home"
            unset CHURNGUARD_DATA_KEY_FILE
        done
    done
    echo "==> $name summary (score with reasons: wall and process CPU seconds; online lookup from bench-store)"
    for mode in plain sealed; do
        for round in $(seq 1 "$ROUNDS"); do
            printf "    %-7s round %s: score %6.1f s wall, %5.2f s CPU; ingest %6.1f s; %s\n" "$mode" "$round" \
                "$(seconds "$name-$mode-$round-score")" "$(cpu_seconds "$name-$mode-$round-score")" "$(seconds "$name-$mode-$round-ingest")" \
                "$(grep -o 'p50 .*' "$BENCH_DIR/$name-$mode-$round-fill.out")"
        done
    done
}

# The online lookup alone, alternating: one plain and one sealed store of N customers are prepared
# once, then `bench-store --customers 0` times 200,000 random lookups in each, LOOKUP_ROUNDS times,
# so that load drift hits both modes alike (a store per round, as above, adds the fill's noise).
lookups() {
    local name=$1 base_url=${CHURNGUARD_DATABASE_URL:-}
    for mode in plain sealed; do
        if [ -n "$base_url" ]; then
            psql "$base_url" -q -c "DROP DATABASE IF EXISTS lookup_$mode" -c "CREATE DATABASE lookup_$mode"
            export CHURNGUARD_DATABASE_URL=${base_url/\/postgres\?//lookup_$mode?}
        fi
        if [ "$mode" = sealed ]; then export CHURNGUARD_DATA_KEY_FILE=$BENCH_DIR/data.key; else unset CHURNGUARD_DATA_KEY_FILE; fi
        rm -rf "$BENCH_DIR/lookup-$mode"
        CHURNGUARD_HOME=$BENCH_DIR/lookup-$mode "$bin" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF" > /dev/null
        CHURNGUARD_HOME=$BENCH_DIR/lookup-$mode "$bin" bench-store --as-of "$AS_OF" --promote "$BENCH_DIR/model" --customers "$CUSTOMERS" --lookups 0 > /dev/null
    done
    echo "==> $name, online lookup alternating (bench-store, 200,000 random lookups per run)"
    for round in $(seq 1 "${LOOKUP_ROUNDS:-3}"); do
        for mode in plain sealed; do
            if [ -n "$base_url" ]; then export CHURNGUARD_DATABASE_URL=${base_url/\/postgres\?//lookup_$mode?}; fi
            if [ "$mode" = sealed ]; then export CHURNGUARD_DATA_KEY_FILE=$BENCH_DIR/data.key; else unset CHURNGUARD_DATA_KEY_FILE; fi
            printf "    %-7s round %s: %s (load %s)\n" "$mode" "$round" \
                "$(CHURNGUARD_HOME=$BENCH_DIR/lookup-$mode "$bin" bench-store --as-of "$AS_OF" --customers 0 --lookups 200000 | grep -o 'p50 .*')" \
                "$(cut -d' ' -f1 /proc/loadavg)"
        done
    done
    unset CHURNGUARD_DATA_KEY_FILE
    if [ -n "$base_url" ]; then export CHURNGUARD_DATABASE_URL=$base_url; fi
}

# A served prediction by customer id (the features read from the online store and opened, the
# prediction's inputs and reasons sealed into the log), plain against sealed on the SQLite stores the
# lookups used: `serve` on each in turn, wrk -t1 -c$SERVED_CONNECTIONS for $SERVED_DURATION with a random
# id of $SERVED_IDS per request (Benchmarks/wrk/predict-by-id.lua), LOOKUP_ROUNDS alternations.
served() {
    command -v wrk > /dev/null || apt-get install -y -qq wrk > /dev/null
    local ids=$BENCH_DIR/ids.txt port=18381
    sqlite3 "$BENCH_DIR/lookup-plain/churnguard.sqlite" "SELECT customer_id FROM online_features ORDER BY random() LIMIT ${SERVED_IDS:-20000}" > "$ids"
    export CHURNGUARD_JWT_SECRET=encryption-benchmark-secret-0123456789abcdef IDS_FILE=$ids
    echo "==> sqlite, served predictions by id (wrk -t1 -c${SERVED_CONNECTIONS:-4} -d${SERVED_DURATION:-15s}, alternating)"
    for round in $(seq 1 "${LOOKUP_ROUNDS:-3}"); do
        for mode in plain sealed; do
            if [ "$mode" = sealed ]; then export CHURNGUARD_DATA_KEY_FILE=$BENCH_DIR/data.key; else unset CHURNGUARD_DATA_KEY_FILE; fi
            TOKEN=$("$bin" token --role scorer --home "$BENCH_DIR/lookup-$mode" --ttl 1h); export TOKEN
            "$bin" serve --home "$BENCH_DIR/lookup-$mode" --port $port --rate-limit 1000000 --burst 1000000 > "$BENCH_DIR/serve-$mode.log" 2>&1 &
            local server=$!
            for _ in $(seq 100); do
                curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
                    -d "{\"customer_id\":\"$(head -1 "$ids")\"}" "http://127.0.0.1:$port/api/v1/predict" && break
                sleep 0.2
            done
            wrk -t1 -c"${SERVED_CONNECTIONS:-4}" -d3s -s Benchmarks/wrk/predict-by-id.lua "http://127.0.0.1:$port/api/v1/predict" > /dev/null
            wrk -t1 -c"${SERVED_CONNECTIONS:-4}" -d"${SERVED_DURATION:-15s}" --latency -s Benchmarks/wrk/predict-by-id.lua \
                "http://127.0.0.1:$port/api/v1/predict" > "$BENCH_DIR/served-$mode-$round.wrk"
            kill $server; wait $server 2> /dev/null || true
            printf "    %-7s round %s: %s requests/s, p50 %s, p99 %s, non-2xx %s (load %s)\n" "$mode" "$round" \
                "$(awk '/Requests\/sec/ {print $2}' "$BENCH_DIR/served-$mode-$round.wrk")" \
                "$(awk '$1=="50%" {print $2}' "$BENCH_DIR/served-$mode-$round.wrk")" \
                "$(awk '$1=="99%" {print $2}' "$BENCH_DIR/served-$mode-$round.wrk")" \
                "$(awk '/Non-2xx/ {print $5}' "$BENCH_DIR/served-$mode-$round.wrk" | grep . || echo 0)" "$(cut -d' ' -f1 /proc/loadavg)"
        done
    done
    unset CHURNGUARD_DATA_KEY_FILE CHURNGUARD_JWT_SECRET IDS_FILE TOKEN
}

# LOOKUPS_ONLY=1 skips the rounds of ingest, fill and score; SERVED=1 adds the served predictions.
if [ "${LOOKUPS_ONLY:-0}" != 1 ]; then engine sqlite; fi
lookups sqlite
if [ "${SERVED:-0}" = 1 ]; then served; fi
if [ "${POSTGRES:-0}" = 1 ] && start_postgres "$BENCH_DIR/pg"; then
    if [ "${LOOKUPS_ONLY:-0}" != 1 ]; then engine postgres; fi
    lookups postgres
    stop_postgres
fi
[ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"
