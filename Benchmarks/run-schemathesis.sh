#!/usr/bin/env bash
# Fuzzes a live server against its own /openapi.yaml with schemathesis (every check: no 5xx,
# status codes, content types and response bodies as documented, valid data accepted, invalid
# data rejected). Usage: bash Benchmarks/run-schemathesis.sh [BUNDLE] [EXAMPLES_PER_OPERATION]
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE=${1:-demo/model}
EXAMPLES=${2:-300}
PORT=${PORT:-18181}
[ -f "$BUNDLE/manifest.json" ] || { echo "no bundle at $BUNDLE: run bash scripts/demo.sh first or pass a bundle" >&2; exit 1; }
bash scripts/bootstrap.sh >/dev/null
PY=$(bash Benchmarks/python-env.sh --serving)
swift build -c release --product churnguard 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/churnguard
export CHURNGUARD_JWT_SECRET=${CHURNGUARD_JWT_SECRET:-schemathesis-secret-0123456789abcdef}
HOME_DIR=$(mktemp -d)
"$BIN" serve --bundle "$BUNDLE" --port "$PORT" --home "$HOME_DIR" --burst 100000 --rate-limit 100000 > "$HOME_DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
TOKEN=$("$BIN" token --role admin --home "$HOME_DIR")
"$(dirname "$PY")/schemathesis" --config-file Benchmarks/schemathesis.toml run "http://127.0.0.1:$PORT/openapi.yaml" -H "Authorization: Bearer $TOKEN" \
    --checks all --max-examples "$EXAMPLES" --seed 20261125
echo "server log lines with status >= 500: $(grep -c '"status":5' "$HOME_DIR/server.log" || true)"
