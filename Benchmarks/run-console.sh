#!/usr/bin/env bash
# The web console's server time per page with N customers scored (default 1,000,000) on SQLite.
# Target (issue 14): every page <= 100 ms at p95, no page loading more than one page of rows.
#
# Steps: generate SEED customers, train, ingest at AS_OF, grow the online store to N customers
# (`churnguard bench-store`), score them all with reasons (so each has a tier and a top reason),
# plan a campaign (segments, offers, routes for the at-risk filters), then serve and, signed in
# through the console's form with an admin token, request every page REPEAT times with curl.
# Server time is the `duration_ms` of serve's own JSON log line for each request (routing,
# session check, store reads, rendering), not curl's round trip. The overview is computed once a
# minute and shared: its first request (cold) is reported apart from the rest.
# Usage: Benchmarks/run-console.sh [customers]
# Env: SEED (default 20000), REPEAT (default 40), PORT (default 18480), BENCH_DIR (scratch, removed unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-1000000}
SEED=${SEED:-20000}
REPEAT=${REPEAT:-40}
PORT=${PORT:-18480}
AS_OF=2025-06-01
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-console.XXXXXX)}
SCRATCH=${SCRATCH:-.build}
mkdir -p "$BENCH_DIR"

echo "==> building release binary"
swift build -c release --product churnguard --scratch-path "$SCRATCH" 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path --scratch-path "$SCRATCH")/churnguard
source Benchmarks/measure.sh

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
export CHURNGUARD_HOME=$BENCH_DIR/home
if [ "${REUSE:-0}" = 1 ] && [ -f "$BENCH_DIR/plan.csv" ]; then
    echo "==> reusing the store in $BENCH_DIR (REUSE=1)"
else
echo "==> preparing: $SEED generated customers, a model, the store grown to $CUSTOMERS customers, all scored"
"$bin" generate --customers "$SEED" --months 6 --seed 7 --out "$BENCH_DIR/raw" > /dev/null 2>&1
"$bin" features --data "$BENCH_DIR/raw" --as-of 2025-03-01,2025-04-01,2025-05-01,2025-06-01 --horizon 30d \
    --out "$BENCH_DIR/features.csv" > /dev/null 2>&1
"$bin" train --features "$BENCH_DIR/features.csv" --out "$BENCH_DIR/model" --version bench-v1 > /dev/null 2> "$BENCH_DIR/train.err"
"$bin" ingest --data "$BENCH_DIR/raw" --as-of "$AS_OF" --skip-raw > /dev/null
"$bin" bench-store --as-of "$AS_OF" --promote "$BENCH_DIR/model" --customers "$CUSTOMERS" --lookups 10 > /dev/null
measure score "$bin" score --as-of "$AS_OF"
measure campaign "$bin" campaign run --as-of "$AS_OF" --campaign-id bench-campaign --out "$BENCH_DIR/plan.csv"
fi

token=$("$bin" token --role admin --ttl 2h)
"$bin" serve --port "$PORT" > "$BENCH_DIR/serve.log" 2> "$BENCH_DIR/serve.err" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$BENCH_DIR"' EXIT
base=http://127.0.0.1:$PORT
for _ in $(seq 1 100); do curl -sf "$base/health" > /dev/null && break; sleep 0.2; done

jar=$BENCH_DIR/cookies
rm -f "$jar"
curl -s -c "$jar" -b "$jar" "$base/console/login" -o "$BENCH_DIR/login.html"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$BENCH_DIR/login.html" | head -1 | sed 's/.*value="//; s/"$//')
curl -s -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "token=$token" "$base/console/login" -o /dev/null
page() { curl -s -b "$jar" -o "$BENCH_DIR/page.html" -w '%{http_code}' "$base$1"; }

# A customer from the top of the HIGH tier, and a cursor 20 pages deep into the LOW tier (on this
# data, with a 30-day horizon, almost every customer is LOW: the largest tier to page through).
[ "$(page '/console/at-risk?tier=HIGH')" = 200 ] || { echo "cannot open the at-risk page signed in" >&2; exit 1; }
customer=$(grep -o 'href="/console/customer?id=[^"]*"' "$BENCH_DIR/page.html" | head -1 | sed 's/.*id=//; s/"$//')
deep="/console/at-risk?tier=LOW&sort=desc"
for _ in $(seq 1 20); do
    page "$deep" > /dev/null
    deep=$(grep -o '<a rel="next" href="[^"]*"' "$BENCH_DIR/page.html" | sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
done
segment=$(python3 -c 'import csv, sys, urllib.parse; row = next(csv.DictReader(open(sys.argv[1]))); print(urllib.parse.quote(row["segment"]))' "$BENCH_DIR/plan.csv")
version=$("$bin" models list 2>/dev/null | awk 'NR == 2 {print $1}')
[ -n "$customer" ] || { echo "no customer on the first HIGH page" >&2; exit 1; }
pages=("/console" "/console/at-risk?tier=HIGH" "/console/at-risk?tier=LOW" "/console/at-risk?tier=HIGH&segment=$segment" "$deep"
       "/console/customer?id=$customer" "/console/campaigns" "/console/campaigns/bench-campaign" "/console/predict"
       "/console/models" "/console/models/${version:-bench-v1}" "/console/monitoring" "/console/delivery")
: > "$BENCH_DIR/marks"
for uri in "${pages[@]}"; do
    for _ in $(seq 1 "$REPEAT"); do
        status=$(page "$uri")
        [ "$status" = 200 ] || { echo "$uri answered $status" >&2; exit 1; }
    done
    echo "$uri" >> "$BENCH_DIR/marks"
done
sleep 0.5
echo "==> server time per page, $REPEAT requests each (duration_ms from serve's log), $CUSTOMERS customers"
python3 - "$BENCH_DIR/serve.log" "$REPEAT" "${pages[@]}" <<'PY'
import json, sys
log, repeat, pages = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
lines = [json.loads(l) for l in open(log) if l.startswith("{")]
console = [l for l in lines if l.get("message") == "request" and l.get("route", "").startswith("GET /console") and "static" not in l.get("route", "")]
# The requests before the measured ones (sign-in, finding a customer, walking to the deep page).
measured = console[-repeat * len(pages):]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
print(f"{'page':<60} {'first':>8} {'p50':>8} {'p95':>8} {'max':>8}  (ms)")
for index, uri in enumerate(pages):
    times = [float(l["duration_ms"]) for l in measured[index * repeat:(index + 1) * repeat]]
    rest = times[1:]
    print(f"{uri[:60]:<60} {times[0]:8.1f} {pct(rest, 50):8.1f} {pct(rest, 95):8.1f} {max(rest):8.1f}")
PY
