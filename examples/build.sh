#!/usr/bin/env bash
# Builds every examples/*/*.c into a .wasm beside it (checked in, so the demo runs
# without a C toolchain). Needs Debian's clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32.
set -euo pipefail
cd "$(dirname "$0")"
for c in */*.c; do
    clang-16 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-all "$c" -o "${c%.c}.wasm"
    echo "built ${c%.c}.wasm ($(stat -c %s "${c%.c}.wasm") bytes)"
done
