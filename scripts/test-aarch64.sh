#!/usr/bin/env bash
# Pinion on aarch64, from this x86-64 machine: cross-builds the static board binary with
# Debian's swiftlang 6.0.3 (scripts/build-aarch64.sh, which also proves the product builds
# with 6.0.3), then under qemu-aarch64 runs every example on the simulated board and checks
# its output and exit status against the native build, and runs the core spec suite with
# the same totals as native.
#   scripts/test-aarch64.sh [NATIVE_PINION]    (default .build/release/pinion)
set -euo pipefail
cd "$(dirname "$0")/.."
native="${1:-.build/release/pinion}"
suite="${PINION_SPEC_TESTSUITE:-$PWD/../shared/spec-testsuite/core-2.0}"
need() {  # command, Debian package
    command -v "$1" >/dev/null && return
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
need qemu-aarch64 qemu-user
need file file

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
