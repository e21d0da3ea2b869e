#!/usr/bin/env bash
# Issue 6 benchmarks: builds the large inputs from the NTREX dev split and the seeds,
# then prints wall time, CPU time and peak memory (GNU time) for each target, and the
# quality of each alignment against the gold the inputs were built with:
#   parallel   2,500 / 5,000 / 10,000 sentences a side (one document pair, --split lines)
#   comparable 20,000 / 50,000 / 100,000 sentences a side (BUCC-style pools)
#   throughput read + segment + normalize + anchor, MB/s per language, beside wc -l
# Usage: bench/run.sh [WORK_DIR] [DEV_DIR]    (defaults: target/bench-inputs, ../shared/data/ntrex-ar-fr-dev)
# Set ONLY=parallel|comparable|throughput to run one group. Needs GNU time (apt-get install time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="${1:-$root/target/bench-inputs}"
dev="${2:-$root/../shared/data/ntrex-ar-fr-dev}"
only="${ONLY:-all}"
[ -x /usr/bin/time ] || { echo "bench/run.sh needs GNU time: apt-get install time" >&2; exit 1; }
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/mizan"
[ -f "$work/comparable-100000/gold.tsv" ] || python3 bench/make_inputs.py "$dev" "$root/seeds" "$work"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # label, command...
    local label="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
    read -r wall user sys rss <"$out/time"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v e="$(tail -1 "$out/err")" \
        'BEGIN { printf "%-18s wall %7.2f s   cpu %7.2f s   peak RSS %7.1f MB   %s\n", l, w, u + s, r / 1024, e }'
}

if [ "$only" = all ] || [ "$only" = parallel ]; then
    for n in 2500 5000 10000; do
        measure "parallel $n" "$bin" align --mode parallel --split lines "$work/parallel-$n" -o "$out" --name p
        echo "                   quality: $("$bin" eval "$out/p.json" --gold "$work/parallel-$n.gold.jsonl")"
    done
fi
if [ "$only" = all ] || [ "$only" = comparable ]; then
    for n in 20000 50000 100000; do
        measure "comparable $n" "$bin" align --mode comparable "$work/comparable-$n/ar.tsv" "$work/comparable-$n/fr.tsv" -o "$out" --name c
        echo "                   quality: $("$bin" eval "$out/c.json" --gold "$work/comparable-$n/gold.tsv")"
    done
fi
if [ "$only" = all ] || [ "$only" = throughput ]; then
    for l in ar fr; do
        measure "wc -l $l" wc -l "$work/throughput/$l.txt"
    done
    MIZAN_THROUGHPUT_DIR="$work/throughput" cargo bench --quiet --bench throughput 2>/dev/null | grep '^throughput'
fi
