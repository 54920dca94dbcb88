#!/usr/bin/env bash
# Delivery throughput on SQLite: N signed webhook messages (default 20,000) in the outbox, sent by
# `churnguard deliver --drain` to a local Standard Webhooks receiver (Benchmarks/python/
# webhook_receiver.py: loopback, keep-alive, verifies every signature and timestamp, counts distinct
# webhook-ids). Target (issue 12): at least 2,000 messages/s — the outbox must not be the bottleneck.
#
# Steps: create a store, enqueue N messages straight into outbox_messages with sqlite3 (a campaign
# enqueues the same rows; this isolates the worker), start the receiver, time the drain, check that
# every id arrived with a valid signature.
# Proofs (issue 12): FAIL_SHARE=0.2 makes the receiver answer 503 to a random fifth of the requests;
# KILL_AFTER=S kills the worker with SIGKILL S seconds into the run and starts a new one. Either way
# every message must end delivered (none dead), each webhook-id applied once by the receiver.
# Usage: Benchmarks/run-delivery.sh [messages]
# Env: BIN (churnguard binary; default: the release build), CONCURRENCY (default 32), BATCH (256),
#      FAIL_SHARE (0), KILL_AFTER (unset), BENCH_DIR (scratch, removed unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
CONCURRENCY=${CONCURRENCY:-32}
BATCH=${BATCH:-256}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-delivery.XXXXXX)}
mkdir -p "$BENCH_DIR"
if [ -z "${BIN:-}" ]; then
    echo "==> building release binary"
    swift build -c release --product churnguard 2>&1 | tail -1
    BIN=$(swift build -c release --show-bin-path)/churnguard
fi
command -v sqlite3 > /dev/null || { echo "needs sqlite3" >&2; exit 1; }
source Benchmarks/measure.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); binary $BIN"
export CHURNGUARD_HOME=$BENCH_DIR/home
export HOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
"$BIN" dlq list > /dev/null   # creates and migrates the store
sqlite3 "$CHURNGUARD_HOME/churnguard.sqlite" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $N)
INSERT INTO outbox_messages (destination, kind, idempotency_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
SELECT 'hooks', 'retention.action', 'bench/c' || i || '/offer',
       json_object('type', 'retention.action', 'timestamp', '2025-06-01T00:00:00Z', 'data',
                   json_object('customer_id', 'c' || i, 'risk_level', 'HIGH', 'churn_probability', 0.81, 'offer_id', 'high-premium',
                               'channel', 'email', 'route', 'auto-execute', 'reasons', json_array('engagement down 60%', 'no login for 21 days'))),
       'pending', 0, unixepoch('now'), unixepoch('now'), unixepoch('now') FROM n;
SQL

FAIL_SHARE=${FAIL_SHARE:-0}
python3 -u Benchmarks/python/webhook_receiver.py "$HOOK_SECRET" --expect "$N" --fail-share "$FAIL_SHARE" > "$BENCH_DIR/receiver.out" &
receiver=$!
trap 'kill $receiver 2> /dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$BENCH_DIR/receiver.out" ] && break; sleep 0.1; done
port=$(head -1 "$BENCH_DIR/receiver.out")
cat > "$CHURNGUARD_HOME/delivery.yaml" <<YAML
destinations:
  - name: hooks
    type: webhook
    url: http://127.0.0.1:$port/hook
    secret_env: HOOK_SECRET
    retry: {max_attempts: 10, base_seconds: 0.05, cap_seconds: 2}
worker: {batch_size: $BATCH, concurrency: $CONCURRENCY, lease_seconds: 10}
YAML

echo "==> $N messages, batch $BATCH, $CONCURRENCY in flight, receiver failing ${FAIL_SHARE} of requests${KILL_AFTER:+, worker killed after ${KILL_AFTER} s}"
started=$(date +%s.%N)
if [ -n "${KILL_AFTER:-}" ]; then
    "$BIN" deliver --drain > "$BENCH_DIR/killed.out" 2> "$BENCH_DIR/killed.err" &
    worker=$!
    sleep "$KILL_AFTER"
    kill -9 "$worker" 2> /dev/null || true
    wait "$worker" 2> /dev/null || true
    echo "killed the worker (SIGKILL) after ${KILL_AFTER} s; $(sqlite3 "$CHURNGUARD_HOME/churnguard.sqlite" "SELECT group_concat(state || ' ' || n, ', ') FROM (SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state)")"
fi
measure deliver "$BIN" deliver --drain
wait $receiver || true
trap - EXIT
echo "receiver: $(tail -1 "$BENCH_DIR/receiver.out")"
echo "outbox: $(sqlite3 "$CHURNGUARD_HOME/churnguard.sqlite" "SELECT group_concat(state || ' ' || n, ', ') FROM (SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state)")"
total=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
awk -v n="$N" -v s="$total" 'BEGIN {printf "==> %.0f messages/s over the whole run, %.1f s (target >= 2,000 without failures)\n", n / s, s}'
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR"; else echo "kept $BENCH_DIR"; fi
