#!/usr/bin/env bash
# The monitoring and retraining proofs of issue 13 on `generate --drift` data: a champion trained
# before the competitor launch (2026-01-01), every monthly snapshot from its test day to the newest
# labelled one scored and monitored (drift, CBPE against the realized ROC-AUC), then a challenger
# retrained on all labelled snapshots and compared with the champion on the newest window.
# The same seed without --drift is identical before the launch, so the same champion is trained on
# it and monitored on the same days: CBPE against the realized ROC-AUC without drift (a day whose
# 90-day horizon reaches 2026-01-01 is not "without drift" on the --drift data), and the launch's own
# effect on the score (the same day's scores with and without the launch).
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
echo "==> the same seed without --drift: the same champion, the same days (ingest, score, monitor)"
"$BIN" generate --customers "$CUSTOMERS" --months 18 --seed "$SEED" --out "$BENCH_DIR/raw-nodrift" > /dev/null 2>&1
"$BIN" features --data "$BENCH_DIR/raw-nodrift" --as-of "$before" --horizon 90d --out "$BENCH_DIR/before-nodrift.csv" --skip-quality-gate > /dev/null 2>&1
if cmp -s "$BENCH_DIR/before.csv" "$BENCH_DIR/before-nodrift.csv"; then echo "    pre-launch training features identical: yes"; else echo "    pre-launch training features identical: NO"; fi
"$BIN" train --features "$BENCH_DIR/before-nodrift.csv" --out "$BENCH_DIR/champ-nodrift" --version champ --budget "$BUDGET" \
    --validation-snapshots "$VALIDATION" --param nthread=2 --register --min-auc 0 --home "$BENCH_DIR/home-nodrift" > /dev/null 2>&1
"$BIN" models promote champ --home "$BENCH_DIR/home-nodrift" > /dev/null
for day in $days; do
  "$BIN" ingest --data "$BENCH_DIR/raw-nodrift" --as-of "$day" --home "$BENCH_DIR/home-nodrift" --min-completeness 0 > /dev/null 2>&1
  "$BIN" score --as-of "$day" --home "$BENCH_DIR/home-nodrift" --no-reasons > /dev/null 2>&1
  "$BIN" monitor --as-of "$day" --home "$BENCH_DIR/home-nodrift" --json > "$BENCH_DIR/nodrift-$day.json" 2>/dev/null || true
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
    launch = 'after' if day > '2026-01-01' else 'before' if day < '2025-10-03' else 'before (horizon reaches it)'
    print(f"| {day} | {launch} | {r['rows']} | {r['drift_share']:.0%} | {'yes' if r['dataset_drift'] else 'no'} | "
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
print()
print("Without --drift (same seed, same champion): CBPE against the realized ROC-AUC, and the score against its reference")
print("| as_of | rows | churned | CBPE ROC-AUC | realized | CBPE − realized | within 0.02 | score (normed W1 vs reference) |")
print("|---|---|---|---|---|---|---|---|")
for day in days:
    r = json.load(open(f"{directory}/nodrift-{day}.json"))
    est, real = r["expected"]["roc_auc"], r["realized"]["roc_auc"]
    print(f"| {day} | {r['rows']} | {r['realized']['churners']} | {est:.3f} | {real:.3f} | {est - real:+.3f} | {'yes' if abs(est - real) <= 0.02 else '**no**'} | "
          f"{r['score']['value']:.3f}{' ⚑' if r['score']['drifted'] else ''} |")
print()
# The launch's own effect on the champion's scores: the same day with and without it (normed W1, the
# no-launch scores as reference), beside each against the bundle's reference sample.
import sqlite3
def scores(home, day):
    db = sqlite3.connect(f"file:{home}/churnguard.sqlite?mode=ro", uri=True)
    return sorted(p for (p,) in db.execute("SELECT churn_probability FROM predictions_log WHERE as_of = ? AND model_version = 'champ'", (day,)))
def normed_w1(reference, current):
    # ∫|F − G| over the merged support (scipy's wasserstein_distance), over the reference's population std.
    points = sorted(set(reference) | set(current))
    i = j = 0
    area = 0.0
    for a, b in zip(points, points[1:]):
        while i < len(reference) and reference[i] <= a: i += 1
        while j < len(current) and current[j] <= a: j += 1
        area += abs(i / len(reference) - j / len(current)) * (b - a)
    mean = sum(reference) / len(reference)
    return area / (sum((x - mean) ** 2 for x in reference) / len(reference)) ** 0.5
print("The launch's effect on the champion's score (the same customers' day with and without `--drift`):")
print("| as_of | mean p, no launch | mean p, launch | no launch vs reference | launch vs reference | launch vs no launch |")
print("|---|---|---|---|---|---|")
for day in [d for d in days if d > "2026-01-01"]:
    a, b = scores(f"{directory}/home-nodrift", day), scores(f"{directory}/home", day)
    ra = json.load(open(f"{directory}/nodrift-{day}.json"))["score"]["value"]
    rb = json.load(open(f"{directory}/monitor-{day}.json"))["score"]["value"]
    print(f"| {day} | {sum(a) / len(a):.4f} | {sum(b) / len(b):.4f} | {ra:.3f} | {rb:.3f} | {normed_w1(a, b):.3f} |")
PY
echo "==> retraining on every labelled snapshot ($all), compared with the champion on the newest"
"$BIN" retrain --features "$BENCH_DIR/all.csv" --home "$home" --version chal --budget "$BUDGET" --param nthread=2 2>/dev/null \
  | sed -n '/Production and challenger/,/^$/p'
if [ "${KEEP:-0}" != 1 ]; then rm -rf "$BENCH_DIR"; fi
