#!/usr/bin/env bash
# Sets up, builds a release `pinion`, runs the example modules once each, then runs them
# together under the supervisor (`pinion daemon`) on the simulated board.
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

echo "== the same sensor apps under the supervisor: pinion daemon on the simulated board"
work=$(mktemp -d); trap 'kill $daemon 2>/dev/null || true; rm -rf "$work"' EXIT
$pinion daemon --spool "$work/spool" --state "$work/state" --board sim --sim-trace 2>"$work/daemon.log" &
daemon=$!
until [ -S "$work/state/control.sock" ]; do sleep 0.1; done
# `pinion push` checks each manifest and module, renames them into the spool as one
# directory, and waits for the daemon's verdict.
for example in blink bme280; do
    $pinion push "examples/$example/$example.toml" --to "$work/spool" --wait 5
done
echo "== button wants GPIO17 too, which blink holds: the daemon refuses it and says why"
$pinion push examples/button/button.toml --to "$work/spool" --wait 5 || true
sleep 2
$pinion status --state "$work/state"
kill -TERM $daemon; wait $daemon || true
echo "== the daemon's log (one line per event; module output captured line by line)"
cat "$work/daemon.log"
