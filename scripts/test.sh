#!/usr/bin/env bash
# Sets up and runs every test: unit tests, WASI tests against wasmtime, and the core
# spec suite (also through `pinion wast`, which prints `N passed, N failed`), and the
# hardware-in-the-loop tests in a qemu VM (scripts/hil/run.sh, also `N passed, N failed`).
# Between them, a bounded libFuzzer run of the engine and manifest parser, and random
# modules run beside wasmtime (scripts/differential.py).
# One release build (with -enable-testing, for @testable imports) serves tests and CLI.
#
# Env: PINION_SPEC_TESTSUITE  the core-2.0 directory (default ../shared/spec-testsuite/core-2.0)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh

export PINION_REQUIRE_TOOLS=1
export PINION_SPEC_TESTSUITE="${PINION_SPEC_TESTSUITE:-$PWD/../shared/spec-testsuite/core-2.0}"
build=(-c release -Xswiftc -enable-testing)

echo "== build" && swift build "${build[@]}"
echo "== unit, WASI and spec tests" && swift test "${build[@]}"
echo "== fuzzing: decode, execute, manifest (libFuzzer + AddressSanitizer, 60 s each; fuzz/README.md)"
PINION_FUZZ_MODE=asan fuzz/run.sh 60
echo "== differential execution against wasmtime (200 random modules)"
scripts/differential.py 200
echo "== pinion wast (core spec, SIMD excluded)"
.build/release/pinion wast "$PINION_SPEC_TESTSUITE"
echo "== static build (the single file for boards)"
scripts/build-static.sh
.build-static/release/pinion run examples/hello/hello.wasm
echo "== hardware-in-the-loop (qemu)"
PINION_HIL_PINION=.build-static/release/pinion scripts/hil/run.sh
echo "== aarch64: static cross-build with Swift 6.0.3, examples and core spec under qemu-aarch64"
scripts/test-aarch64.sh
