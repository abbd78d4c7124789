#!/usr/bin/env bash
# GPIO writes per second from a module on the simulated board, and per-host-call
# overhead: builds a release pinion and runs gpio_bench.wasm RUNS times (default 5),
# printing each run and the median per loop.
# Usage: bench/gpio/run.sh [N] [RUNS]      Env: PINION (a pinion to use instead of building)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-20000000}"; runs="${2:-5}"
if [ -z "${PINION:-}" ]; then
    swift build -c release --product pinion 2>&1 | tail -1
    PINION=.build/release/pinion
fi
out="$(mktemp)"
for _ in $(seq "$runs"); do
    "$PINION" run --manifest bench/gpio/gpio_bench.toml --board sim bench/gpio/gpio_bench.wasm "$n" 2>/dev/null | tee -a "$out"
done
echo "median of $runs runs, N = $n ($(uname -m), $(nproc) cores):"
for name in empty-loop host-call gpio-write gpio-read; do
    grep "^$name " "$out" | awk '{print $5, $7}' | sort -n | awk -v name="$name" \
        '{a[NR]=$1; b[NR]=$2} END {m=int((NR+1)/2); printf "  %-12s %8.2f ns/iteration %14.0f /s\n", name, a[m], b[m]}'
done
median() { grep "^$1 " "$out" | awk '{print $5}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
loop="$(median empty-loop)"
echo "  host-call overhead (host-call - empty-loop): $(awk -v a="$(median host-call)" -v b="$loop" 'BEGIN {printf "%.2f", a - b}') ns"
echo "  gpio-write cost above the loop:              $(awk -v a="$(median gpio-write)" -v b="$loop" 'BEGIN {printf "%.2f", a - b}') ns"
rm -f "$out"

# Instructions per iteration, which do not depend on the machine's load: callgrind counts
# for N and 2N iterations of each loop alone; the difference divided by N.
if [ "${CALLGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then
    echo "instructions per iteration (valgrind --tool=callgrind, 2N - N):"
    stripped="$(mktemp)"; strip -o "$stripped" "$PINION"  # valgrind gives up on Swift's large debug info
    count() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$stripped" run --manifest bench/gpio/gpio_bench.toml \
            --board sim bench/gpio/gpio_bench.wasm "$1" "$2" 2>&1 >/dev/null | awk '/Collected/ {print $4}'
    }
    for name in empty-loop host-call gpio-write gpio-read; do
        a="$(count 200000 "$name")"; b="$(count 400000 "$name")"
        echo "  $name $(( (b - a) / 200000 )) instructions"
    done
    rm -f "$stripped"
fi
