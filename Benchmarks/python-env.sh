#!/usr/bin/env bash
# Creates (once) the Python environment the reference benchmarks use: xgboost 1.7.4, the same
# release as Debian's libxgboost-dev that ChurnGuard links, so both sides run the same algorithm.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=Benchmarks/.venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet "xgboost==1.7.4" scikit-learn numpy
fi
echo "$VENV/bin/python"
