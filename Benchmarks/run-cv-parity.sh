#!/usr/bin/env bash
# Flat CSV parity: 5-fold CV ROC-AUC of `churnguard train` vs Python xgboost on the same
# telecom-style data, parameters and folds. Usage: bash Benchmarks/run-cv-parity.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-7043}
OUT=Benchmarks/out/cv-parity
mkdir -p "$OUT"
bash scripts/bootstrap.sh >/dev/null
PY=$(bash Benchmarks/python-env.sh)
swift build -c release --product churnguard 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/churnguard

python3 scripts/generate_import_samples.py "$ROWS" "$OUT/telco.csv"
"$BIN" import --csv "$OUT/telco.csv" --target Churn --out "$OUT/telco-features.csv" >/dev/null
# Plain k-fold CV (no inner early-stopping split) so both sides train on exactly the same rows.
PARAMS=(max_depth=4 eta=0.05 subsample=1 colsample_bytree=1 min_child_weight=1)
SWIFT_ARGS=(--param early_stopping_rounds=0 --param num_boost_round=300)
PY_ARGS=(--rounds 300)
for p in "${PARAMS[@]}"; do SWIFT_ARGS+=(--param "$p"); PY_ARGS+=(--param "$p"); done
"$BIN" train --budget 0 --features "$OUT/telco-features.csv" --out "$OUT/model" --folds 5 --seed 42 --force "${SWIFT_ARGS[@]}" 2>/dev/null | head -3
"$PY" Benchmarks/python/cv_parity.py "$OUT/telco-features.csv" --folds 5 --seed 42 "${PY_ARGS[@]}" > "$OUT/python.json"
"$PY" - "$OUT/model/manifest.json" "$OUT/python.json" <<'PYEOF'
import json, sys
manifest = json.load(open(sys.argv[1]))
python = json.load(open(sys.argv[2]))
swift = manifest["evaluation"]["foldAUCs"]
swift_mean = sum(swift) / len(swift)
print(f"rows {python['rows']}, 5-fold CV, same folds and parameters")
print("| fold | ChurnGuard ROC-AUC | Python xgboost %s ROC-AUC |" % python["xgboost"])
print("|---|---|---|")
for i, (a, b) in enumerate(zip(swift, python["fold_aucs"])):
    print(f"| {i + 1} | {a:.4f} | {b:.4f} |")
print(f"| mean | {swift_mean:.4f} | {python['mean_auc']:.4f} |")
diff = abs(swift_mean - python["mean_auc"])
print(f"difference of means: {diff:.4f} (target <= 0.005: {'met' if diff <= 0.005 else 'NOT met'})")
PYEOF
