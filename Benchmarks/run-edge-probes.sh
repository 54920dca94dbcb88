#!/usr/bin/env bash
# The serving-edge probes of the security issue, against a release build on loopback: 1,100 idle
# sockets with the file limit at 1,024, headers one byte at a time, a half-sent body, sixteen
# tokenless 64 MiB uploads and sixteen 16 MiB console uploads without a session, all held at once, a
# client that never reads its answers, and a 12 s database lock under wrk load. Prints what the server did and
# whether an authenticated client was served throughout.
# Usage: bash Benchmarks/run-edge-probes.sh [BUNDLE]
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-demo/model}
[ -f "$BUNDLE/manifest.json" ] || { echo "no bundle at $BUNDLE: run bash scripts/demo.sh first or pass a bundle" >&2; exit 1; }
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >/dev/null
command -v ss >/dev/null || apt-get install -y -qq iproute2 >/dev/null
swift build -c release --product churnguard 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/churnguard
export CHURNGUARD_JWT_SECRET=${CHURNGUARD_JWT_SECRET:-edge-probe-secret-0123456789abcdef0123}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export TOKEN=$("$BIN" token --role scorer --home "$WORK" --ttl 1h)

echo "==> serve with the file limit at 1024 (header 5 s, body 10 s, idle 30 s, write 10 s)"
prlimit --nofile=1024:1024 "$BIN" serve --bundle "$BUNDLE" --home "$WORK" --port "$PORT" \
    --header-timeout 5 --body-timeout 10 --idle-timeout 30 --write-timeout 10 --rate-limit 1000000 --burst 1000000 > "$WORK/serve.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
python3 Benchmarks/python/edge_probes.py "$PORT" "$SERVER" && status=0 || status=1

echo "==> a 12 s database lock under wrk load (8 connections, 30 s)"
wrk -t1 -c8 -d30s -s Benchmarks/wrk/predict.lua "http://127.0.0.1:$PORT/api/v1/predict" > "$WORK/wrk.txt" &
WRK=$!
sleep 5
printf '.timeout 5000\nBEGIN EXCLUSIVE;\n.shell sleep 12\nCOMMIT;\n' | sqlite3 "$WORK/churnguard.sqlite" &
LOCK=$!
sleep 1
ready() { curl -s -m 2 "http://127.0.0.1:$PORT/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || echo unreachable; }
echo "    during the lock: /ready $(ready), spool $(ls "$WORK/spool" 2>/dev/null | wc -l) files"
wait $LOCK
released=$(date +%s%N)
until [ "$(ready)" = ready ] || [ $(( ($(date +%s%N) - released) / 1000000 )) -gt 25000 ]; do sleep 0.2; done
echo "    /ready $(ready) $(( ($(date +%s%N) - released) / 1000000 )) ms after the lock was released, still under load; spool $(ls "$WORK/spool" 2>/dev/null | grep -c jsonl || true) files"
wait $WRK
grep -E 'Requests/sec|Latency|Non-2xx' "$WORK/wrk.txt" | sed 's/^/    wrk: /'
sleep 3
echo "    after the load: /ready $(ready), spool $(ls "$WORK/spool" 2>/dev/null | grep -c jsonl || true) files"
echo "==> server log: $(grep -c '"level":"error"' "$WORK/serve.log" || true) error lines; degraded entered/left: $(grep -c 'spooling predictions' "$WORK/serve.log" || true)/$(grep -c 'available again' "$WORK/serve.log" || true)"
kill -TERM $SERVER; wait $SERVER || true
echo "    after SIGTERM: $(grep -c '"level":"error"' "$WORK/serve.log" || true) error lines in all"
exit $status
