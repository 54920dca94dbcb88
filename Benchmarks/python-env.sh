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
# The serving reference (FastAPI + uvicorn with its standard extras httptools and uvloop + PyJWT)
# and the API fuzzer, installed on first need.
if [ "${1:-}" = "--serving" ] && ! "$VENV/bin/python" -c "import fastapi, uvicorn, httptools, uvloop, jwt, schemathesis" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet fastapi "uvicorn[standard]" pyjwt schemathesis
fi
echo "$VENV/bin/python"
