#!/usr/bin/env bash
# Footprint of `pinion run hello.wasm`: peak RSS (minimum of 5 runs, /usr/bin/time -f %M)
# and executable size (as built and stripped), for the static and the dynamic release
# builds of pinion and for WasmKit 0.4.2's CLI when bench/wasmkit-peer is built.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-static.sh >/dev/null
swift build -c release --product pinion >/dev/null
bench/build.sh --no-check hello >/dev/null

peak_rss() {  # KB, the minimum of five runs
    for _ in 1 2 3 4 5; do /usr/bin/time -f %M "$@" bench/build/hello.wasm 2>&1 >/dev/null | tail -1; done | sort -n | head -1
}
stripped_size() { local t; t="$(mktemp)"; cp "$1" "$t"; strip "$t"; stat -c %s "$t"; rm -f "$t"; }

echo "| build | peak RSS, hello.wasm | executable (stripped) | executable (as built) |"
echo "|---|---:|---:|---:|"
row() {  # name binary command...
    local name="$1" bin="$2"; shift 2
    printf "| %s | %s KB | %s B | %s B |\n" "$name" "$(peak_rss "$@")" "$(stripped_size "$bin")" "$(stat -c %s "$bin")"
}
row "pinion, static (scripts/build-static.sh)" .build-static/release/pinion .build-static/release/pinion run
row "pinion, dynamic (swift build -c release)" .build/release/pinion .build/release/pinion run
wasmkit=bench/wasmkit-peer/.build/release/wasmkit-cli
if [ -x "$wasmkit" ]; then row "WasmKit 0.4.2 wasmkit-cli" "$wasmkit" "$wasmkit" run; fi
