#!/usr/bin/env bash
# Builds churn-bench in release and runs the scoring benchmark (Swift scorer and TreeSHAP vs
# libxgboost, one thread each), printing the machine first and teeing everything to a log.
#
#   Benchmarks/run-scoring.sh                      # defaults: 1M rows, 300 trees, depth 6, 40 features
#   Benchmarks/run-scoring.sh --rows 200000 --depth 8
#
# Extra arguments go to `churn-bench scoring` (see `--help`). The log goes to
# .build/benchmarks/scoring-<UTC time>.txt unless LOG is set.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product churn-bench
log=${LOG:-.build/benchmarks/scoring-$(date -u +%Y%m%dT%H%M%SZ).txt}
mkdir -p "$(dirname "$log")"
{
    echo "# churn-bench scoring $*"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(uname -srm), $(getconf _NPROCESSORS_ONLN) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' || sysctl -n machdep.cpu.brand_string)"
    echo "swift: $(swift --version 2>&1 | head -1)"
    echo
} | tee "$log"
"$(swift build -c release --show-bin-path)/churn-bench" scoring "$@" 2>&1 | tee -a "$log"
echo "log: $log"
