# Sourced by the scoring benchmarks after release-binary.sh: generates $SEED customers × 6 months
# into $BENCH_DIR/raw and trains the benchmark model (`bench-v1`, fixed defaults) on their
# 30-day-horizon features into $BENCH_DIR/model, so every script scores the same kind of store.
"$bin" generate --customers "$SEED" --months 6 --seed 7 --out "$BENCH_DIR/raw" > /dev/null 2>&1
"$bin" features --data "$BENCH_DIR/raw" --as-of 2025-03-01,2025-04-01,2025-05-01,2025-06-01 --horizon 30d \
    --out "$BENCH_DIR/features.csv" > /dev/null 2>&1
"$bin" train --budget 0 --features "$BENCH_DIR/features.csv" --out "$BENCH_DIR/model" --version bench-v1 > /dev/null 2> "$BENCH_DIR/train.err"
