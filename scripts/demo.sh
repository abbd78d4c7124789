#!/usr/bin/env bash
# Sets up, builds a release `pinion`, and runs the example modules.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
swift build -c release --product pinion 2>&1 | tail -1
pinion=.build/release/pinion

echo "== examples/hello"
$pinion run --env PINION_USER="${USER:-you}" examples/hello/hello.wasm one two

echo "== boards ('sim' is a simulator: no hardware is touched, time is virtual)"
$pinion boards
for example in blink button bme280 i2cscan; do
    echo "== examples/$example on the simulated board"
    $pinion run --manifest "examples/$example/$example.toml" --board sim "examples/$example/$example.wasm"
done
echo "== examples/blink again with --sim-trace: the LED's levels, and its safe level at exit"
$pinion run --manifest examples/blink/blink.toml --board sim --sim-trace examples/blink/blink.wasm 2
