#!/usr/bin/env bash
# Builds every examples/*/*.c into a .wasm beside it (checked in, so the demo runs
# without a C toolchain), and updates the sha256 in the example's manifest (NAME.toml
# beside it) to match. Needs Debian's clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32.
set -euo pipefail
cd "$(dirname "$0")"
for c in */*.c; do
    wasm="${c%.c}.wasm"
    clang-16 --target=wasm32-wasi --sysroot=/usr -Iinclude -O2 -Wall -Wextra -Werror -Wl,--strip-all "$c" -o "$wasm"
    echo "built $wasm ($(stat -c %s "$wasm") bytes)"
    manifest="${c%.c}.toml"
    if [ -f "$manifest" ]; then
        sum="$(sha256sum "$wasm" | cut -d' ' -f1)"
        sed -i "s/^sha256 = \".*\"/sha256 = \"$sum\"/" "$manifest"
    fi
done
