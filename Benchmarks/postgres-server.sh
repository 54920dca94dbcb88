# Sourced by the benchmark scripts: `start_postgres DIR` initdb's a throwaway PostgreSQL cluster in
# DIR/data on a free loopback port, starts it tuned as an operator would tune a dedicated database
# server for this write-heavy load (below), exports CHURNGUARD_DATABASE_URL, and stops it when the
# script exits. Returns 1 when no server binaries are installed (or SKIP_POSTGRES=1).
#
# Settings, and why (docs/SCALING.md repeats them for operators):
# - shared_buffers=4GB (PG_SHARED_BUFFERS; a quarter of a dedicated server's memory): a
#   1,000,000-customer online store plus a day of the predictions log and their indexes (~4 GB) stay
#   cached; with 2 GB backends spent ~8 % of their time writing out dirty pages themselves.
# - default_toast_compression=lz4: a logged prediction (features and reasons as JSONB) is just over
#   the 2 KB TOAST threshold, so every row is compressed; with the default pglz that compression
#   alone was 12 % of the server's time (perf, 1,000,000 predictions), lz4 costs a fraction.
# - max_wal_size=16GB, checkpoint_timeout=30min, checkpoint_completion_target=0.9: a scoring day writes
#   several GB of WAL; with the default 1 GB a checkpoint starts every few seconds, and every page
#   first touched after one is written to the WAL whole (full_page_writes, which stays on).
# - wal_compression=lz4: those full-page images shrink by half or more for little CPU.
# - wal_buffers=64MB: the log's large bulk statements fill the default 16 MB between flushes.
# - synchronous_commit stays on: a committed page of predictions (and the batch run's resume marker
#   written with it) must survive a crash of the server, or a resumed run would skip customers.
#   Group commit is ours already: one commit per page of thousands of rows.
# - pg_stat_statements is loaded so that where the server spends its time can be read afterwards
#   (`SELECT … FROM pg_stat_statements ORDER BY total_exec_time DESC`).
# PG_EXTRA_OPTIONS adds or overrides settings (`-c name=value …`).

start_postgres() {
    local dir=$1
    [ "${SKIP_POSTGRES:-0}" = 1 ] && return 1
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || return 1
    PG_DIR=$dir; mkdir -p "$PG_DIR"
    PG_AS=()
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; PG_AS=(runuser -u postgres --); fi
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale > /dev/null
    # pg_ctl hands -o to a shell as one line.
    local settings=(
        "shared_buffers=${PG_SHARED_BUFFERS:-4GB}" synchronous_commit=on default_toast_compression=lz4 max_wal_size=16GB min_wal_size=2GB
        checkpoint_timeout=30min checkpoint_completion_target=0.9 wal_compression=lz4 wal_buffers=64MB
        effective_cache_size=8GB maintenance_work_mem=512MB shared_preload_libraries=pg_stat_statements
        pg_stat_statements.track_planning=on
    )
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 ${settings[*]/#/-c } ${PG_EXTRA_OPTIONS:-}" start > /dev/null
    trap stop_postgres EXIT
    export CHURNGUARD_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
    psql "$CHURNGUARD_DATABASE_URL" -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" > /dev/null
    echo "    postgres $("$PG_BIN/postgres" --version | awk '{print $3}') on port $port: shared_buffers=${PG_SHARED_BUFFERS:-4GB}, max_wal_size=16GB, wal_compression=lz4, default_toast_compression=lz4, synchronous_commit=on ${PG_EXTRA_OPTIONS:-}"
}

stop_postgres() {
    [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ] || return 0
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null || true
}

# The statements that took the server's time since the last reset, for the benchmark's log.
postgres_top_statements() {
    psql "$CHURNGUARD_DATABASE_URL" -q -P pager=off -c "
        SELECT calls, round(total_exec_time / 1000) AS exec_s, round(total_plan_time / 1000) AS plan_s, rows,
               left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query
        FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT ${1:-6}"
}

postgres_reset_statements() {
    psql "$CHURNGUARD_DATABASE_URL" -q -c "SELECT pg_stat_statements_reset()" > /dev/null
}

# CPU seconds the server has used so far: its live processes' own time plus what the postmaster has
# reaped from ended backends (a connection's backend ends with it). The difference around a command
# is the server's share of it, which the wall clock alone hides when the machine is shared.
postgres_cpu_seconds() {
    local postmaster
    postmaster=$(head -1 "$PG_DIR/data/postmaster.pid")
    # A backend outlives its client by a moment; wait until the postmaster has reaped the last
    # command's backends (only its background processes left), or their time lands in the next figure.
    for _ in $(seq 1 50); do
        [ "$(pgrep -P "$postmaster" -f 'postgres: postgres' | wc -l)" = 0 ] && break
        sleep 0.1
    done
    {
        awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat"
        for pid in $(pgrep -P "$postmaster"); do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done
    } | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {printf "%.1f", s / hz}'
}
