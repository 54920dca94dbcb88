# Sourced by the benchmark scripts: `measure LABEL COMMAND…` runs COMMAND under GNU time with its
# output in $BENCH_DIR/LABEL.{out,err,time}, prints wall time, CPU time, peak RSS and the load
# average, then the command's standard output indented. A failing command prints its errors and
# ends the script.
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

measure() {
    local label=$1; shift
    local log="$BENCH_DIR/$label.time"
    /usr/bin/time -v -o "$log" "$@" > "$BENCH_DIR/$label.out" 2> "$BENCH_DIR/$label.err" || { cat "$BENCH_DIR/$label.err" >&2; exit 1; }
    local wall user sys rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    user=$(awk -F': ' '/User time/ {print $2}' "$log")
    sys=$(awk -F': ' '/System time/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
    printf "%-22s wall %s  user %ss  sys %ss  peak RSS %s MiB  (load %s)\n" "$label" "$wall" "$user" "$sys" "$rss" "$(cut -d' ' -f1-3 /proc/loadavg)"
    sed 's/^/                       /' "$BENCH_DIR/$label.out"
}

# Wall-clock seconds of a measured LABEL.
seconds() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$BENCH_DIR/$1.time"; }
