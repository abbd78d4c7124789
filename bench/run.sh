#!/usr/bin/env bash
# Benchmark pinion against WasmKit 0.4.2 and write bench/REPORT.md.
#
# Usage: bench/run.sh [--rebuild] [BENCH...]      (default: every benchmark except hello)
#
#   1. builds pinion (`swift build -c release --product pinion` at the repo root) if
#      .build/release/pinion is missing or --rebuild is given,
#   2. builds the WasmKit peer (bench/wasmkit-peer, release, own scratch path) if missing or --rebuild,
#   3. builds the wasm modules + expected checksums (bench/build.sh, verified under wasmtime),
#   4. runs pinion and WasmKit alternately BENCH_RUNS times per benchmark (bench/run.py),
#      prints a markdown table and writes bench/REPORT.md.
#
# Environment:
#   BENCH_RUNS=N       timed runs per runtime and benchmark (default 5), after one warm-up run
#   BENCH_TIMEOUT=S    kill a single run after S seconds (default 300)
#   PINION=PATH        pinion binary to use instead of .build/release/pinion (never rebuilt);
#                      it is invoked as `$PINION run MODULE.wasm`
#   PINION_CMD="..."   full command prefix used instead of `pinion run`; the module path is
#                      appended. E.g. to test the harness with wasmtime standing in for pinion:
#                          PINION_CMD="python3 bench/wasmtime_run.py" bench/run.sh
#                      (pinion is then not built, and its binary size is reported as n/a)
#   WASMKIT_CMD="..."  command prefix instead of `bench/wasmkit-peer/.build/release/wasmkit-cli run`,
#                      e.g. WASMKIT_CMD=bench/wasmkit-peer/.build/release/wasmkit-run (the minimal
#                      runner in the same package; run.sh builds it when WASMKIT_CMD mentions it)
#   SKIP_WASM_CHECK=1  skip the wasmtime cross-check in build.sh
# Relative paths in PINION / PINION_CMD / WASMKIT_CMD are taken relative to the repository root.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../scripts/env.sh"  # the wasmtime that scripts/setup.sh installed
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
PEER_DIR="$BENCH_DIR/wasmkit-peer"
PEER_SCRATCH="$PEER_DIR/.build"
PYTHON="${PYTHON:-python3}"

invocation="bench/run.sh"
for a in "$@"; do invocation+=" $(printf '%q' "$a")"; done
for v in BENCH_RUNS BENCH_TIMEOUT PINION PINION_CMD WASMKIT_CMD SKIP_WASM_CHECK; do
    if [ -n "${!v:-}" ]; then invocation="$v=$(printf '%q' "${!v}") $invocation"; fi
done

rebuild=0
benches=()
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=1 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
        *) benches+=("$arg") ;;
    esac
done

log() { echo "==> $*" >&2; }
cd "$ROOT"   # relative paths in PINION, PINION_CMD and WASMKIT_CMD are relative to the repo root

# ---- 1. pinion ----
pinion_binary=""
if [ -n "${PINION_CMD:-}" ]; then
    pinion_cmd="$PINION_CMD"
    log "pinion: using PINION_CMD='$PINION_CMD' (not building pinion)"
elif [ -n "${PINION:-}" ]; then
    [ -x "$PINION" ] || { echo "run.sh: PINION=$PINION is not an executable" >&2; exit 1; }
    pinion_binary="$(cd "$(dirname "$PINION")" && pwd)/$(basename "$PINION")"
    pinion_cmd="$(printf '%q' "$pinion_binary") run"
else
    pinion_binary="$ROOT/.build/release/pinion"
    if [ $rebuild -eq 1 ] || [ ! -x "$pinion_binary" ]; then
        log "building pinion: swift build -c release --product pinion (in $ROOT)"
        (cd "$ROOT" && swift build -c release --product pinion)
    fi
    pinion_cmd="$(printf '%q' "$pinion_binary") run"
fi

# ---- 2. WasmKit peer ----
wasmkit_binary="$PEER_SCRATCH/release/wasmkit-cli"
build_peer() {  # $1 = product
    log "building WasmKit 0.4.2 peer: $1 (release, scratch path $PEER_SCRATCH)"
    local t0=$SECONDS
    swift build -c release --package-path "$PEER_DIR" --scratch-path "$PEER_SCRATCH" --product "$1"
    log "built $1 in $((SECONDS - t0)) s"
}
if [ -n "${WASMKIT_CMD:-}" ]; then
    wasmkit_cmd="$WASMKIT_CMD"
    if [[ "$WASMKIT_CMD" == *wasmkit-run* ]]; then
        wasmkit_binary="$PEER_SCRATCH/release/wasmkit-run"
        if [ $rebuild -eq 1 ] || [ ! -x "$wasmkit_binary" ]; then build_peer wasmkit-run; fi
    else
        wasmkit_binary="$(command -v "${WASMKIT_CMD%% *}" || true)"
    fi
else
    if [ $rebuild -eq 1 ] || [ ! -x "$wasmkit_binary" ]; then build_peer wasmkit-cli; fi
    wasmkit_cmd="$(printf '%q' "$wasmkit_binary") run"
fi

# ---- 3. wasm modules + expected checksums ----
log "building benchmark modules (bench/build.sh)"
build_args=()
[ "${SKIP_WASM_CHECK:-0}" = "1" ] && build_args+=(--no-check)
"$BENCH_DIR/build.sh" "${build_args[@]+"${build_args[@]}"}" >&2

# ---- 4. time ----
if ! [ -x /usr/bin/time ]; then
    log "/usr/bin/time is missing; peak RSS will be n/a (install it with: apt-get install -y time)"
fi
log "running benchmarks (BENCH_RUNS=${BENCH_RUNS:-5})"
run_args=(--pinion-cmd "$pinion_cmd" --wasmkit-cmd "$wasmkit_cmd" --command "$invocation"
          --wasmkit-binary "$wasmkit_binary")
[ -n "$pinion_binary" ] && run_args+=(--pinion-binary "$pinion_binary")
if [ -n "${PINION_CMD:-}" ]; then
    run_args+=(--note "NOTE: pinion column measured with PINION_CMD='$PINION_CMD' standing in for pinion")
fi
exec "$PYTHON" "$BENCH_DIR/run.py" "${run_args[@]}" ${benches[@]+"${benches[@]}"}
