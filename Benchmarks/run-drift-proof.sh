#!/usr/bin/env bash
# The monitoring and retraining proofs of issue 13 on `generate --drift` data: a champion trained
# before the competitor launch (2026-01-01), every monthly snapshot from its test day to the newest
# labelled one scored and monitored (drift, CBPE against the realized ROC-AUC), then a challenger
# retrained on all labelled snapshots and compared with the champion on the newest window.
# Usage: Benchmarks/run-drift-proof.sh [customers]     (default 20000; 18 months from 2025-01-01)
# Env: SEED (default 42), BUDGET (train/retrain search seconds, default 0: fixed parameters),
#      VALIDATION (champion's validation snapshots, default 2), BENCH_DIR (kept with KEEP=1), BIN (a built churnguard).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${1:-20000}
SEED=${SEED:-42}
BUDGET=${BUDGET:-0}
VALIDATION=${VALIDATION:-2}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-drift.XXXXXX)}
mkdir -p "$BENCH_DIR"
if [ -z "${BIN:-}" ]; then
  source Benchmarks/release-binary.sh
  BIN=$bin
fi
home=$BENCH_DIR/home
echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> $CUSTOMERS customers × 18 months, seed $SEED, competitor launch on 2026-01-01"
"$BIN" generate --customers "$CUSTOMERS" --months 18 --drift --seed "$SEED" --out "$BENCH_DIR/raw" > /dev/null 2>&1
before=2025-04-01,2025-05-01,2025-06-01,2025-07-01,2025-08-01
days="2025-08-01 2025-09-01 2025-10-01 2025-11-01 2025-12-01 2026-01-01 2026-02-01 2026-03-01 2026-04-01"
all="$before,$(echo $days | tr ' ' ',' | cut -d, -f2-)"
"$BIN" features --data "$BENCH_DIR/raw" --as-of "$before" --horizon 90d --out "$BENCH_DIR/before.csv" --skip-quality-gate > /dev/null 2>&1
"$BIN" features --data "$BENCH_DIR/raw" --as-of "$all" --horizon 90d --out "$BENCH_DIR/all.csv" --skip-quality-gate > /dev/null 2>&1
echo "==> champion: trained on $before (validation: the last $VALIDATION before the test day)"
"$BIN" train --features "$BENCH_DIR/before.csv" --out "$BENCH_DIR/champ" --version champ --budget "$BUDGET" \
    --validation-snapshots "$VALIDATION" --param nthread=2 --register --min-auc 0 --home "$home" > "$BENCH_DIR/train.txt" 2>&1
"$BIN" models promote champ --home "$home" > /dev/null
echo "==> scoring and monitoring each month (the first ingest also loads the raw tables, so realized ROC-AUC is known)"
for day in $days; do
  "$BIN" ingest --data "$BENCH_DIR/raw" --as-of "$day" --home "$home" --min-completeness 0 > /dev/null 2>&1
  "$BIN" score --as-of "$day" --home "$home" --no-reasons > /dev/null 2>&1
  "$BIN" monitor --as-of "$day" --home "$home" --json > "$BENCH_DIR/monitor-$day.json" 2>/dev/null || true
done
echo "==> each day again as it looked 30 days after it was scored (--outcomes-through): outcome drift before the labels"
for day in $days; do
  through=$(date -u -d "$day + 30 days" +%Y-%m-%d)
  "$BIN" monitor --as-of "$day" --home "$home" --json --outcomes-through "$through" > "$BENCH_DIR/early-$day.json" 2>/dev/null || true
done
python3 - "$BENCH_DIR" $days <<'PY'
import json, sys
directory, days = sys.argv[1], sys.argv[2:]
exposed = ["engagement_score", "active_days_30d", "active_days_90d", "logins_30d", "behavioral_score"]
print("| as_of | launch | rows | features drifted | dataset drift | score drift (normed W1) | " + " | ".join(exposed) + " | CBPE ROC-AUC | realized | CBPE − realized |")
print("|" + "---|" * (10 + len(exposed) - 1))
for day in days:
    r = json.load(open(f"{directory}/monitor-{day}.json"))
    f = {x["feature"]: x for x in r["features"]}
    s = r.get("score") or {}
    est = r["expected"].get("roc_auc")
    real = (r.get("realized") or {}).get("roc_auc")
    cells = [f"{f[n]['value']:.3f}{' ⚑' if f[n]['drifted'] else ''}" for n in exposed]
    diff = f"{est - real:+.3f}" if est is not None and real is not None else "-"
    print(f"| {day} | {'after' if day > '2026-01-01' else 'before'} | {r['rows']} | {r['drift_share']:.0%} | {'yes' if r['dataset_drift'] else 'no'} | "
          f"{s.get('value', 0):.3f}{' ⚑' if s.get('drifted') else ''} | " + " | ".join(cells) + f" | {est:.3f} | {real:.3f} | {diff} |")
print()
print("| as_of | outcomes through | churned | expected by the scores | observed / expected | z | outcome drift | status |")
print("|---|---|---|---|---|---|---|---|")
import datetime
for day in days:
    r = json.load(open(f"{directory}/early-{day}.json"))
    o = r.get("outcomes") or {}
    through = (datetime.date.fromisoformat(day) + datetime.timedelta(days=30)).isoformat()
    print(f"| {day} | {through} | {o.get('observed_churners')} | {o.get('expected_churners', 0):.1f} | {o.get('ratio', 0):.2f} | {o.get('z_score', 0):.1f} | "
          f"{'yes' if o.get('drifted') else 'no'} | {r['status']} |")
PY
echo "==> retraining on every labelled snapshot ($all), compared with the champion on the newest"
"$BIN" retrain --features "$BENCH_DIR/all.csv" --home "$home" --version chal --budget "$BUDGET" --param nthread=2 2>/dev/null \
  | sed -n '/Production and challenger/,/^$/p'
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR"; fi
