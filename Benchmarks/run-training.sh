#!/usr/bin/env bash
# Training, side by side: ChurnGuard (Swift over libxgboost's C API) vs Python xgboost of the same
# release on the same 500,000-row matrix, parameters and rounds. Usage: bash Benchmarks/run-training.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-500000}
OUT=Benchmarks/out/training
mkdir -p "$OUT"
bash scripts/bootstrap.sh >/dev/null
PY=$(bash Benchmarks/python-env.sh)
swift build -c release --product churn-bench 2>&1 | tail -1
BENCH=$(swift build -c release --show-bin-path)/churn-bench
"$BENCH" training --rows "$ROWS" --out "$OUT" | tee "$OUT/swift.json"
"$PY" Benchmarks/python/train_reference.py "$OUT" "$OUT/swift.json" | tee "$OUT/python.json"
"$PY" - "$OUT/swift.json" "$OUT/python.json" <<'PYEOF'
import json, sys
s, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(f"| rows | rounds | depth | threads | ChurnGuard s | Python xgboost {p['xgboost']} s | overhead | valid AUC (CG / Py) |")
print("|---|---|---|---|---|---|---|---|")
overhead = s["seconds"] / p["seconds"] - 1
print(f"| {s['rows']} | {s['rounds']} | {s['depth']} | {s['threads']} | {s['seconds']:.1f} | {p['seconds']:.1f} | {overhead * 100:+.1f}% | {s['validation_auc']:.4f} / {p['validation_auc']:.4f} |")
PYEOF
