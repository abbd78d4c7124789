#!/usr/bin/env bash
# Builds hil.c into hil.wasm (checked in, so the HIL stage needs no wasm toolchain) and
# updates the sha256 in the manifests that run it. Needs Debian's clang-16 lld-16
# wasi-libc libclang-rt-16-dev-wasm32 (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")"
clang-16 --target=wasm32-wasi --sysroot=/usr -I../../../examples/include -O2 -Wall -Wextra -Werror \
    -Wl,--strip-all hil.c -o hil.wasm
sum="$(sha256sum hil.wasm | cut -d' ' -f1)"
sed -i "s/^sha256 = \".*\"/sha256 = \"$sum\"/" gpio.toml i2c.toml
echo "built scripts/hil/modules/hil.wasm ($(stat -c %s hil.wasm) bytes, sha256 $sum)"
