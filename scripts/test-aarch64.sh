#!/usr/bin/env bash
# Pinion on aarch64, from this x86-64 machine, with Debian's swiftlang 6.0.3.
#
#   scripts/test-aarch64.sh [NATIVE_PINION]    (default .build/release/pinion)
# cross-builds the static board binary (scripts/build-aarch64.sh, which also proves the
# product builds with 6.0.3), then under qemu-aarch64 runs every example on the simulated
# board and checks its output and exit status against the native build, and runs the core
# spec suite with the same totals as native.
#
#   scripts/test-aarch64.sh --unit [XCTEST ARGS]    e.g. PinionWASITests.CLITests
# cross-builds the test bundle with 6.0.3 (build-aarch64.sh --build-tests) and runs it under
# `qemu-aarch64 -L SYSROOT`: every unit, WASI, hardware and spec test, on aarch64, built by
# 6.0.3. Tests that start `pinion` run the aarch64 one through a qemu wrapper ($PINION);
# the host tools tests call (wasm-tools, wasmtime, clang-16, python3) are x86-64 programs,
# which the kernel runs natively when the emulated test process starts them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh   # wasm-tools and wasmtime (scripts/setup.sh)
need() {  # command, Debian package
    command -v "$1" >/dev/null && return
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
need qemu-aarch64 qemu-user
need file file

if [ "${1:-}" = "--unit" ]; then
    shift
    scripts/build-aarch64.sh --build-tests
    sysroot="${PINION_AARCH64_CACHE:-$HOME/.cache/pinion/aarch64}/sysroot"
    bin="$PWD/.build-aarch64-tests/aarch64-unknown-linux-gnu/release"
    printf '#!/bin/sh\nexec qemu-aarch64 -L "%s" "%s/pinion" "$@"\n' "$sysroot" "$bin" > "$bin/pinion-qemu"
    chmod +x "$bin/pinion-qemu"
    export PINION_SPEC_TESTSUITE="${PINION_SPEC_TESTSUITE:-$PWD/../shared/spec-testsuite/core-2.0}"
    export PINION_SPEC_TESTSUITE_3="${PINION_SPEC_TESTSUITE_3:-$PWD/../shared/spec-testsuite/core-3.0}"
    PINION="$bin/pinion-qemu" PINION_TEST_UNDER_QEMU=1 exec qemu-aarch64 -L "$sysroot" "$bin/PinionPackageTests.xctest" "$@"
fi

native="${1:-.build/release/pinion}"
suite="${PINION_SPEC_TESTSUITE:-$PWD/../shared/spec-testsuite/core-2.0}"

scripts/build-aarch64.sh
arm=.build-aarch64/pinion
file "$arm" | grep -q "ARM aarch64" || { echo "test-aarch64: $arm is not an aarch64 executable" >&2; exit 1; }

# Each example as the README runs it: same stdout, same exit status as the native build.
failed=0
check() {  # name, then pinion's arguments
    local name="$1"; shift
    local want got want_status=0 got_status=0
    want="$("$native" "$@" 2>/dev/null)" || want_status=$?
    got="$(qemu-aarch64 "$arm" "$@" 2>/dev/null)" || got_status=$?
    if [ "$want" == "$got" ] && [ "$want_status" == "$got_status" ]; then
        echo "aarch64: $name: same output and exit status ($got_status) as native"
    else
        echo "aarch64: $name: DIFFERS (native exit $want_status, aarch64 exit $got_status)"
        diff <(echo "$want") <(echo "$got") | head -20
        failed=1
    fi
}
check hello run examples/hello/hello.wasm one two
for example in blink bme280 button i2cscan; do
    check "$example" run --manifest "examples/$example/$example.toml" --board sim "examples/$example/$example.wasm"
done
check "blink --sim-trace" run --manifest examples/blink/blink.toml --board sim --sim-trace examples/blink/blink.wasm 2
check "inspect" inspect examples/bme280/bme280.wasm

# The spec suite: the same totals as the native build (known failures included).
want="$("$native" wast "$suite" | tail -1 || true)"
got="$(qemu-aarch64 "$arm" wast "$suite" | tail -1 || true)"
echo "aarch64: pinion wast $suite: $got (native: $want)"
[ -n "$got" ] && [ "$got" == "$want" ] || failed=1
exit $failed
