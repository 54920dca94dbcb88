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
echo "==> training (time split: older snapshots train, newer validate and calibrate, newest test)"
"$bin" train --features "$DEMO_DIR/features.csv" --out "$DEMO_DIR/model" --force
echo "==> evaluating on snapshots after the training window"
"$bin" evaluate --bundle "$DEMO_DIR/model" --features "$DEMO_DIR/features.csv" | head -16
echo "==> scoring the newest snapshot with reasons"
"$bin" predict --bundle "$DEMO_DIR/model" --input "$DEMO_DIR/features.csv" --as-of latest --out "$DEMO_DIR/scores.csv"
echo
echo "Done. Highest-risk customers:"
head -1 "$DEMO_DIR/scores.csv" | cut -d, -f1-7
tail -n +2 "$DEMO_DIR/scores.csv" | sort -t, -k4,4gr | head -5 | cut -d, -f1-7
echo
echo "Files: $DEMO_DIR/raw (activity tables), $DEMO_DIR/features.csv, $DEMO_DIR/model (bundle), $DEMO_DIR/scores.csv"
