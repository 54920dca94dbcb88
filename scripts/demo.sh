#!/usr/bin/env bash
# The main job: installs what is missing, builds the release binary, generates a demo data set,
# builds point-in-time features (behind the data-quality gate), trains and evaluates a model,
# and scores the newest snapshot. Everything lands in ./demo (override with DEMO_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO_DIR=${DEMO_DIR:-demo}
CUSTOMERS=${CUSTOMERS:-20000}
MONTHS=${MONTHS:-12}

bash scripts/bootstrap.sh
echo "==> building release binary"
swift build -c release --product churnguard 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path)/churnguard

mkdir -p "$DEMO_DIR"
echo "==> generating $CUSTOMERS customers x $MONTHS months"
"$bin" generate --customers "$CUSTOMERS" --months "$MONTHS" --seed 7 --out "$DEMO_DIR/raw"
echo "==> building point-in-time features (monthly snapshots, 90-day horizon)"
"$bin" features --data "$DEMO_DIR/raw" --as-of monthly --horizon 90d --out "$DEMO_DIR/features.csv"
