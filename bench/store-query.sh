#!/usr/bin/env bash
# Top-N over a large flow store: fills a store with synthetic flows written by the real
# FlowStoreSink (once; `store-gen` in bench/NetFlow.Benchmarks), then times `netflow query`
# top-N queries cold (the store's files dropped from the page cache before each run) and warm
# (files cached, after one untimed run), RUNS times each, and prints the medians.
#
#   bench/store-query.sh            generate if needed, then time the queries
#   bench/store-query.sh gen        only generate
#   bench/store-query.sh query      only time (the store must exist)
#
# Environment: STORE (default /tmp/netflow-store-100m), RECORDS (100M), RUNS (5), ART (build
# artifacts, default /tmp/bench-art), WINDOW (--from/--to of the one-hour query), GEN_ARGS (more
# store-gen options, e.g. "--rotation 5m --hosts 1000000"). Needs python3 (page cache eviction).
set -euo pipefail

STORE=${STORE:-/tmp/netflow-store-100m}
RECORDS=${RECORDS:-100M}
RUNS=${RUNS:-5}
ART=${ART:-/tmp/bench-art}
GEN_ARGS=${GEN_ARGS:-}
what=${1:-all}
repo=$(cd "$(dirname "$0")/.." && pwd)
netflow="$ART/bin/NetFlow.Cli/release/netflow"
benchmarks="$ART/bin/NetFlow.Benchmarks/release/NetFlow.Benchmarks"

build() {
    dotnet build -c Release "$repo/src/NetFlow.Cli" --artifacts-path "$ART" -nologo -v q >/dev/null
    dotnet build -c Release "$repo/bench/NetFlow.Benchmarks" --artifacts-path "$ART" -nologo -v q >/dev/null
}

generate() {
    if [[ -f "$STORE/.generated" ]]; then
        echo "store: $STORE already generated ($(cat "$STORE/.generated"))"
        return
    fi
    rm -rf "$STORE"
    df -h "$(dirname "$STORE")"
    # shellcheck disable=SC2086
    "$benchmarks" store-gen --dir "$STORE" --records "$RECORDS" $GEN_ARGS
    echo "$RECORDS records, store-gen $GEN_ARGS" >"$STORE/.generated"
}

# Drops the store's files from the page cache (posix_fadvise DONTNEED: no root needed), so the next
# query reads them from disk. The netflow binary, .NET and DuckDB stay cached: "cold-ish".
evict() {
    python3 - "$STORE" <<'PY'
import os, sys
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        fd = os.open(os.path.join(root, name), os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
PY
}

# One timed run: prints "wall_ms query_ms" (query_ms is what netflow reports: open + query + output,
# without process start-up).
run_once() {
    local err start end
    err=$(mktemp)
    start=$(date +%s%N)
    "$netflow" query --store "$STORE" "$@" >/dev/null 2>"$err"
    end=$(date +%s%N)
    local inner
    inner=$(grep -o 'in [0-9]* ms' "$err" | tail -1 | grep -o '[0-9]*' || echo "?")
    rm -f "$err"
    echo "$(( (end - start) / 1000000 )) $inner"
}

# "median min max" of numbers on stdin.
stats() {
    sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d %d\n", m, v[1], v[NR] }'
}

time_queries() {
    [[ -d "$STORE/flows" ]] || { echo "no store at $STORE (run: $0 gen)" >&2; exit 1; }
    local files bytes rows
    files=$(find "$STORE/flows" -name '*.parquet' | wc -l)
    bytes=$(find "$STORE/flows" -name '*.parquet' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    rows=$("$netflow" sql --store "$STORE" -o csv "SELECT count(*) FROM flows" | tail -1)
    echo
    echo "store: $STORE: $rows records in $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.2f GB (%.1f B/record)", b / 1e9, b / '"$rows"' }')"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo

    # The last one reads one hour of the day (of a store made by store-gen; WINDOW overrides it).
    local window=${WINDOW:-"--from 2026-01-01T12:00:00Z --to 2026-01-01T13:00:00Z"}
    local -a names=("top 10 dstport" "top 10 srcip" "tcp, dst net 10/8, top 10 dstport" "top 10 dstport, 1 hour")
    local -a queries=("--top 10 --by dstport" "--top 10 --by srcip" "proto tcp and dst net 10.0.0.0/8|--top 10 --by dstport" "--top 10 --by dstport $window")
    local table=""
    for i in "${!names[@]}"; do
        local -a args
        if [[ "${queries[$i]}" == *"|"* ]]; then
            # shellcheck disable=SC2206
            args=("${queries[$i]%%|*}" ${queries[$i]#*|})
        else
            # shellcheck disable=SC2206
            args=(${queries[$i]})
        fi
        echo "== netflow query ${args[*]}"
        "$netflow" query --store "$STORE" "${args[@]}"
        for mode in cold warm; do
            local walls="" inners=""
            [[ $mode == warm ]] && run_once "${args[@]}" >/dev/null # fills the page cache
            for ((r = 0; r < RUNS; r++)); do
                [[ $mode == cold ]] && evict
                read -r wall inner < <(run_once "${args[@]}")
                walls+="$wall"$'\n'
                inners+="$inner"$'\n'
            done
            read -r wm wmin wmax < <(printf '%s' "$walls" | stats)
            read -r im imin imax < <(printf '%s' "$inners" | stats)
            table+="| ${names[$i]} | $mode | $wm ms ($wmin-$wmax) | $im ms ($imin-$imax) |"$'\n'
        done
    done
    echo
    echo "median of $RUNS runs (min-max); wall = process start to exit; in-process = what netflow reports (open + query + output)"
    echo
    echo "| Query | Cache | Wall | In-process |"
    echo "|---|---|---:|---:|"
    printf '%s' "$table"
}

build
case "$what" in
    gen) generate ;;
    query) time_queries ;;
    all) generate; time_queries ;;
    *) echo "usage: $0 [gen|query|all]" >&2; exit 2 ;;
esac
