# Sourced by the benchmark scripts: builds the release binary in $SCRATCH (default .build; another
# scratch path keeps a parallel build out of the way) and sets $bin to it.
echo "==> building release binary"
SCRATCH=${SCRATCH:-.build}
swift build -c release --product churnguard --scratch-path "$SCRATCH" 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path --scratch-path "$SCRATCH")/churnguard
