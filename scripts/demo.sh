#!/usr/bin/env bash
# Sets up, builds a release `pinion`, and runs the example modules.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product pinion 2>&1 | tail -1
pinion=.build/release/pinion

echo "== examples/hello"
$pinion run --env PINION_USER="${USER:-you}" examples/hello/hello.wasm one two
