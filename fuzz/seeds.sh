#!/usr/bin/env bash
# Makes the seed corpora for the fuzz targets in .build-fuzz/seeds/ (generated at run
# time, never committed): every module of the core spec scripts (SIMD excluded),
# converted with `wasm-tools json-from-wast` as `pinion wast` does, plus the examples'
# modules; the examples' manifests and the board files for the manifest target.
#
# Env: PINION_SPEC_TESTSUITE  the core-2.0 directory (default ../shared/spec-testsuite/core-2.0);
#      without it the wasm seeds are the examples only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

suite="${PINION_SPEC_TESTSUITE:-$PWD/../shared/spec-testsuite/core-2.0}"
seeds=.build-fuzz/seeds
if [ -f "$seeds/.done" ] && [ "$seeds/.done" -nt "$0" ]; then exit 0; fi
rm -rf "$seeds"
mkdir -p "$seeds/wasm" "$seeds/toml"

cp examples/*/*.wasm "$seeds/wasm/"
cp examples/*/*.toml boards/*.toml "$seeds/toml/" 2>/dev/null || true

if [ -d "$suite" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    for wast in "$suite"/*.wast; do
        base=$(basename "$wast" .wast)
        case "$base" in simd_*) continue ;; esac
        mkdir -p "$work/$base"
        if wasm-tools json-from-wast "$wast" -o "$work/$base/$base.json" --wasm-dir "$work/$base" 2>/dev/null; then
            for f in "$work/$base"/*.wasm; do
                [ -e "$f" ] && cp "$f" "$seeds/wasm/$base-$(basename "$f")"
            done
        fi
    done
else
    echo "fuzz/seeds.sh: no spec suite at $suite; seeding with the examples only" >&2
fi
touch "$seeds/.done"
echo "fuzz seeds: $(ls "$seeds/wasm" | wc -l) modules, $(ls "$seeds/toml" | wc -l) TOML files in $seeds"
