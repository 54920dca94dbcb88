#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the debug configuration once, runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --postgres
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
