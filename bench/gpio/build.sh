#!/usr/bin/env bash
# Builds gpio_bench.wasm (checked in) and updates the sha256 in gpio_bench.toml.
# Needs Debian's clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32.
set -euo pipefail
cd "$(dirname "$0")"
clang-16 --target=wasm32-wasi --sysroot=/usr -I../../examples/include -O2 -Wall -Wextra -Werror \
    -Wl,--strip-all gpio_bench.c -o gpio_bench.wasm
sed -i "s/^sha256 = \".*\"/sha256 = \"$(sha256sum gpio_bench.wasm | cut -d' ' -f1)\"/" gpio_bench.toml
echo "built gpio_bench.wasm ($(stat -c %s gpio_bench.wasm) bytes)"
