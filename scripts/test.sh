#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the debug configuration once, runs the suite.
# Under CI (CI=true) or with CHURNGUARD_REQUIRE_ALL_TESTS=1 every test must run: a test that needs
# PostgreSQL or promtool fails where they are missing (Tests/ChurnTestSupport/TestRequirement.swift),
# and any test the output reports as skipped or cancelled fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CI:-}" = true ]; then
  export CHURNGUARD_REQUIRE_ALL_TESTS=1
fi
bash scripts/bootstrap.sh --postgres
python3 scripts/check-imports.py
swift build --build-tests
# Tests put their homes, stores, servers and fixtures under TMPDIR: one directory per run, removed
# when the run ends (KEEP_TEST_TMP=1 keeps it), so that repeated runs do not fill the disk (a run
# left about 2 GB behind). 0755: the PostgreSQL test server runs as the postgres user and must reach
# its data directory inside.
run_tmp=$(mktemp -d /tmp/churnguard-tests.XXXXXX)
chmod 755 "$run_tmp"
export TMPDIR=$run_tmp
if [ "${KEEP_TEST_TMP:-0}" != 1 ]; then trap 'rm -rf "$run_tmp"' EXIT; else echo "test.sh: test files kept in $run_tmp"; fi
status=0
swift test --skip-build 2>&1 | tee .build/test-output.txt || status=$?
if [ "$status" != 0 ]; then
  # CI keeps only the end of the output: name what failed there, with the recorded issues.
  echo "test.sh: the tests failed (exit $status). Failing tests and their recorded issues:" >&2
  grep -aE "✘|recorded an issue|error: |Fatal error|Signal [0-9]+|Crash|Exited with unexpected signal" .build/test-output.txt \
    | grep -avE "^\{" | head -60 >&2 || true
  exit "$status"
fi

if [ "${CHURNGUARD_REQUIRE_ALL_TESTS:-}" = 1 ]; then
  # Swift Testing: "➜ Test name() skipped: "why"", "➜ Suite Name skipped", "➜ Test name() was cancelled
  # after 0.001 seconds: "why""; XCTest: "Test Case '-[…]' skipped (0.000 seconds)."
  skipped=$(grep -aE "^[^ ]+ (Test|Suite) .* (skipped|was cancelled)( after [0-9.]+ seconds)?(: .*|\.)?$|^Test Case '.*' skipped" \
    .build/test-output.txt || true)
  if [ -n "$skipped" ]; then
    echo "test.sh: every test must run here (CHURNGUARD_REQUIRE_ALL_TESTS=1), but these did not:" >&2
    echo "$skipped" >&2
    exit 1
  fi
fi
