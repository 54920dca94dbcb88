#!/usr/bin/env bash
# What the erasure list costs the online predictions log: every commit looks its customers up in
# the list (a spooled or in-flight prediction of an erased customer must not bring them back). Times
# `bench-store --appends N`: N commits of one served prediction each (the online writer's commit
# under light traffic, where the check weighs most), alternating, ROUNDS times:
#   base     a binary built without the check (BASE_BIN), no erasures
#   none     this binary, no customer ever erased (no key file: one query finds the list empty)
#   erased   this binary after ERASED customers were erased (HMAC of the id, one indexed lookup)
# Usage: BASE_BIN=/tmp/cg-nocheck Benchmarks/run-erasure-check.sh [appends]   (default 50000)
# Env: ROUNDS (default 3), ERASED (default 1000), POSTGRES=1 (also on a throwaway PostgreSQL server,
#      Benchmarks/postgres-server.sh), BENCH_DIR (removed unless KEEP=1), BIN (this binary; built otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
APPENDS=${1:-50000}
ROUNDS=${ROUNDS:-3}
ERASED=${ERASED:-1000}
: "${BASE_BIN:?set BASE_BIN to a churnguard built without the erasure check on the log}"
BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/churnguard-erasure.XXXXXX)}
mkdir -p "$BENCH_DIR"; chmod 755 "$BENCH_DIR"
source Benchmarks/release-binary.sh
source Benchmarks/postgres-server.sh
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$BENCH_DIR"' EXIT

echo "==> machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# $1 engine label; $2 base URL or empty for SQLite.
engine() {
    local name=$1 base_url=$2
    echo "==> $name: $APPENDS commits of one prediction, mean / p50 / p99 per commit"
    for round in $(seq 1 "$ROUNDS"); do
        for variant in base none erased; do
            local home=$BENCH_DIR/home-$variant binary=$bin erased=0
            rm -rf "$home"
            [ "$variant" = base ] && binary=$BASE_BIN
            [ "$variant" = erased ] && erased=$ERASED
            if [ -n "$base_url" ]; then
                psql "$base_url" -q -c "DROP DATABASE IF EXISTS erasure_$variant" -c "CREATE DATABASE erasure_$variant"
                export CHURNGUARD_DATABASE_URL=${base_url/\/postgres\?//erasure_$variant?}
            fi
            printf "    %-6s round %s: %s (load %s)\n" "$variant" "$round" \
                "$(CHURNGUARD_HOME=$home "$binary" bench-store --as-of 2025-06-01 --lookups 0 --appends "$APPENDS" --erased "$erased" | grep -o 'mean .*')" \
                "$(cut -d' ' -f1 /proc/loadavg)"
        done
    done
    if [ -n "$base_url" ]; then export CHURNGUARD_DATABASE_URL=$base_url; fi
}

unset CHURNGUARD_DATABASE_URL
engine sqlite ""
if [ "${POSTGRES:-0}" = 1 ] && start_postgres "$BENCH_DIR/pg"; then
    engine postgresql "$CHURNGUARD_DATABASE_URL"
fi
