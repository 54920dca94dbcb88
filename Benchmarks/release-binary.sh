# Sourced by the benchmark scripts: builds the release binary in $SCRATCH (default .build; another
# scratch path keeps a parallel build out of the way) and sets $bin to it. BIN=path skips the build
# and uses that binary (e.g. a copy of main's, to measure a base and a branch alternately).
if [ -n "${BIN:-}" ]; then
    echo "==> binary $BIN"
    bin=$BIN
else
    echo "==> building release binary"
    SCRATCH=${SCRATCH:-.build}
    swift build -c release --product churnguard --scratch-path "$SCRATCH" 2>&1 | tail -1
    bin=$(swift build -c release --show-bin-path --scratch-path "$SCRATCH")/churnguard
fi
