#!/usr/bin/env bash
# Build the benchmark programs in bench/programs/*.c:
#   bench/build/NAME.wasm            clang-16 --target=wasm32-wasi --sysroot=/usr -O2
#   bench/build/native/NAME          gcc -O2 (host), run once to produce ...
#   bench/build/expected/NAME.txt    ... the expected stdout (checksum line) of every benchmark
# then runs every .wasm under wasmtime (bench/wasmtime_run.py) and checks its stdout matches.
# A program is only rebuilt (and re-checked) when its source, this script or the flags changed,
# so modules other people are running are not rewritten needlessly.
#
# Usage: bench/build.sh [--force] [--no-check] [NAME...]     (default: every program)
#   --force     rebuild and re-check everything
#   --no-check  do not run the wasm modules under wasmtime
# Env:   CLANG (default clang-16), CC_NATIVE (default gcc), EXTRA_CFLAGS (e.g. -DFIB_N=25),
#        PYTHON (default python3)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../scripts/env.sh"  # the wasmtime that scripts/setup.sh installed
PROG_DIR="$BENCH_DIR/programs"
OUT_DIR="$BENCH_DIR/build"
CLANG="${CLANG:-clang-16}"
CC_NATIVE="${CC_NATIVE:-gcc}"
PYTHON="${PYTHON:-python3}"
EXTRA_CFLAGS="${EXTRA_CFLAGS:-}"

check=1
force=0
names=()
for arg in "$@"; do
    case "$arg" in
        --no-check) check=0 ;;
        --force) force=1 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
        *) names+=("${arg%.c}") ;;
    esac
done
if [ ${#names[@]} -eq 0 ]; then
    for f in "$PROG_DIR"/*.c; do names+=("$(basename "$f" .c)"); done
fi

if ! command -v "$CLANG" >/dev/null 2>&1; then
    cat >&2 <<MSG
build.sh: error: '$CLANG' not found.
  The wasm benchmarks need clang 16 with the wasm32 target, lld and wasi-libc. On Debian 12:
      apt-get install -y clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32
  (or point CLANG=... at another clang that can target wasm32-wasi with --sysroot=/usr).
MSG
    exit 1
fi
if ! command -v "$CC_NATIVE" >/dev/null 2>&1; then
    echo "build.sh: error: native compiler '$CC_NATIVE' not found (needed for the expected checksums)." >&2
    exit 1
fi

mkdir -p "$OUT_DIR/native" "$OUT_DIR/expected"
fail=0
for name in "${names[@]}"; do
    src="$PROG_DIR/$name.c"
    [ -f "$src" ] || { echo "build.sh: no such program: $src" >&2; exit 2; }
    stamp="$OUT_DIR/$name.stamp"   # flags + whether the wasmtime check passed
    want="flags=$EXTRA_CFLAGS check=$check"
    if [ $force -eq 0 ] && [ -f "$stamp" ] && [ "$stamp" -nt "$src" ] && [ "$stamp" -nt "$0" ] \
        && [ -f "$OUT_DIR/$name.wasm" ] && [ -f "$OUT_DIR/expected/$name.txt" ] \
        && { [ "$(cat "$stamp")" = "$want" ] || [ "$(cat "$stamp")" = "flags=$EXTRA_CFLAGS check=1" ]; }; then
        printf '%-14s %-30s %s\n' "$name" "up to date" "$(head -c 120 "$OUT_DIR/expected/$name.txt")"
        continue
    fi
    rm -f "$stamp"
    # shellcheck disable=SC2086
    if ! "$CLANG" --target=wasm32-wasi --sysroot=/usr -O2 $EXTRA_CFLAGS "$src" -o "$OUT_DIR/$name.wasm"; then
        echo "build.sh: error: $CLANG failed on $src" >&2
        exit 1
    fi
    # shellcheck disable=SC2086
    "$CC_NATIVE" -O2 $EXTRA_CFLAGS "$src" -o "$OUT_DIR/native/$name" -lm
    if ! "$OUT_DIR/native/$name" > "$OUT_DIR/expected/$name.txt"; then
        echo "build.sh: error: native $name exited non-zero" >&2
        exit 1
    fi
    status="built"
    if [ $check -eq 1 ]; then
        got="$("$PYTHON" "$BENCH_DIR/wasmtime_run.py" "$OUT_DIR/$name.wasm")" || {
            echo "build.sh: error: $name.wasm failed under wasmtime" >&2; fail=1; continue; }
        if [ "$got" == "$(cat "$OUT_DIR/expected/$name.txt")" ]; then
            status="ok (wasmtime matches native)"
        else
            echo "build.sh: MISMATCH $name: native: $(cat "$OUT_DIR/expected/$name.txt")" >&2
            echo "build.sh: MISMATCH $name: wasm:   $got" >&2
            fail=1
            continue
        fi
    fi
    echo "$want" > "$stamp"
    printf '%-14s %-30s %s\n' "$name" "$status" "$(head -c 120 "$OUT_DIR/expected/$name.txt")"
done
if [ $fail -ne 0 ]; then
    echo "build.sh: some wasm builds do not reproduce the native checksum" >&2
    exit 1
fi
