#!/usr/bin/env bash
# Serving, side by side in one run: `churnguard serve` vs the FastAPI + uvicorn + Python xgboost
# reference (Benchmarks/python/fastapi_reference.py) on the same bundle, same JWT check, same
# response contract, same number of worker processes' worth of cores, driven by wrk on loopback
# with the spec's example payload, at each number of connections in turn. Prints requests/s,
# p50/p99 latency and memory at rest and under load, then ChurnGuard's throughput over the reference's.
# wrk runs one thread: it drives either service far past its capacity and leaves the cores to them.
# Usage: bash Benchmarks/run-serving.sh [BUNDLE] [DURATION] ["CONNECTIONS ..."]
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-demo/model}
DURATION=${2:-20s}
CONNECTIONS=${3:-2 4 32}
[ -f "$BUNDLE/manifest.json" ] || { echo "no bundle at $BUNDLE: run bash scripts/demo.sh first or pass a bundle" >&2; exit 1; }
BUNDLE=$(cd "$BUNDLE" && pwd)
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
bash scripts/bootstrap.sh >/dev/null
PY=$(cd "$(dirname "$(bash Benchmarks/python-env.sh --serving)")" && pwd)/python
swift build -c release --product churnguard 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/churnguard
export CHURNGUARD_JWT_SECRET=${CHURNGUARD_JWT_SECRET:-serving-benchmark-secret-0123456789abcdef}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
TOKEN=$("$BIN" token --role scorer --home "$WORK" --ttl 1h)
export TOKEN

rss_mb() { # total resident memory of a process and its children, MB
    local pids
    pids=$(pgrep -P "$1" | tr '\n' ' ')
    ps -o rss= -p "$1" $pids 2>/dev/null | awk '{s+=$1} END {printf "%.0f", s/1024}'
}

run() { # name port pid connections
    local name=$1 port=$2 pid=$3 connections=$4
    local rest; rest=$(rss_mb "$pid")
    wrk -t1 -c"$connections" -d5s -s Benchmarks/wrk/predict.lua "http://127.0.0.1:$port/api/v1/predict" >/dev/null
    wrk -t1 -c"$connections" -d"$DURATION" --latency -s Benchmarks/wrk/predict.lua "http://127.0.0.1:$port/api/v1/predict" > "$WORK/$name.wrk" &
    local wrkpid=$!
    sleep 5; local load; load=$(rss_mb "$pid")
    wait $wrkpid
    local rps p50 p99 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.wrk")
    p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.wrk")
    p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.wrk")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/$name.wrk")
    echo "$rps" > "$WORK/$name-$connections.rps"
    echo "| $name | $connections | ${rps} | ${p50} | ${p99} | ${non2xx:-0} | ${rest} MB | ${load} MB |"
}

wait_ready() { # port
    for _ in $(seq 100); do curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
        -d '{"customer_id":"warmup"}' "http://127.0.0.1:$1/api/v1/predict" && return; sleep 0.2; done
    echo "the service on port $1 did not answer" >&2; exit 1
}

echo "| service | connections | requests/s | p50 | p99 | non-2xx | memory at rest | memory under load |"
echo "|---|---|---|---|---|---|---|---|"
"$BIN" serve --bundle "$BUNDLE" --port 18280 --home "$WORK" --rate-limit 1000000 --burst 1000000 > "$WORK/churnguard.log" &
CG=$!
wait_ready 18280
for c in $CONNECTIONS; do run ChurnGuard 18280 $CG "$c"; done
kill $CG; wait $CG 2>/dev/null || true
# The reference twice: as `pip install fastapi uvicorn` runs it (h11 on asyncio; OpenMP's default of
# a thread per core in each worker), and tuned (httptools on uvloop, as `uvicorn[standard]` picks
# them; one OpenMP thread per worker). Untuned, a keep-alive connection waits about 40 ms per request
# (Nagle's algorithm against delayed ACKs) and the two workers' OpenMP threads spin against each other.
reference() { # name port -- environment and uvicorn options
    local name=$1 port=$2; shift 3
    (cd Benchmarks/python && exec env BUNDLE="$BUNDLE" "$@" --workers 2 --port "$port" --log-level warning) &
    local ref=$!
    wait_ready "$port"
    for c in $CONNECTIONS; do run "$name" "$port" $ref "$c"; done
    kill $ref; wait $ref 2>/dev/null || true
}
UVICORN="$(dirname "$PY")/uvicorn"
reference FastAPI-default 18290 -- "$UVICORN" fastapi_reference:app --http h11 --loop asyncio
reference FastAPI-tuned 18291 -- OMP_NUM_THREADS=1 "$UVICORN" fastapi_reference:app --http httptools --loop uvloop
echo
echo "ChurnGuard = \`churnguard serve\` (1 process, NIO threads, every prediction logged to SQLite before it is answered);"
echo "FastAPI-* = FastAPI + uvicorn + Python xgboost (2 workers), no predictions log."
for c in $CONNECTIONS; do
    awk -v c="$c" -v a="$(cat "$WORK/ChurnGuard-$c.rps")" -v b="$(cat "$WORK/FastAPI-default-$c.rps")" -v t="$(cat "$WORK/FastAPI-tuned-$c.rps")" \
        'BEGIN {printf "throughput ratio at %s connections: %.1fx the default reference, %.1fx the tuned one\n", c, a / b, a / t}'
done
echo "(wrk -t1 -cN -d$DURATION on loopback; the spec's example payload; model $(basename "$BUNDLE"))"
