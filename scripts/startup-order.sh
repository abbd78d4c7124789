#!/usr/bin/env bash
# Writes scripts/startup-order.txt, the order in which scripts/build-static.sh asks the
# linker (gold, --section-ordering-file) to place the functions a run uses: every function
# executed by `pinion run` of the hello example, then those the blink example adds with
# its manifest on the simulated board, then the static initialisers. Run it again after
# large changes to the CLI or its dependencies; a stale list only costs resident memory,
# never correctness. Needs valgrind (callgrind) and gold, the Swift toolchain's linker.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Prints a section pattern per function the two runs execute, in order of first use.
profile() {
    scripts/build-static.sh >/dev/null
    # valgrind 3.19 cannot read the DWARF 5 debug info; the symbol table is enough.
    cp .build-static/release/pinion "$work/pinion"
    strip -g "$work/pinion"
    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/hello.cg" \
        "$work/pinion" run examples/hello/hello.wasm >/dev/null 2>&1
    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/blink.cg" \
        "$work/pinion" run --manifest examples/blink/blink.toml --board sim examples/blink/blink.wasm >/dev/null 2>&1
    nm -n --defined-only "$work/pinion" > "$work/symbols"
    python3 - "$work/symbols" "$work/hello.cg" "$work/blink.cg" <<'PY'
import bisect, re, sys
starts, names = [], []
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        starts.append(int(parts[0], 16)); names.append(parts[2])
seen = set()
for profile in sys.argv[2:]:
    address = 0
    for line in open(profile):
        m = re.match(r"^(0x[0-9a-f]+|[+-]\d+|\*)\s", line)
        if not m:
            continue
        token = m.group(1)
        if token.startswith("0x"):
            address = int(token, 16)
        elif token != "*":
            address += int(token)
        i = bisect.bisect_right(starts, address) - 1
        if i < 0:
            continue
        # Merged functions (suffix Tm) live in the section of the function they were
        # merged from; a prefix pattern also catches thunks named after their function.
        name = names[i][:-2] if names[i].endswith("Tm") else names[i]
        if name not in seen:
            seen.add(name)
            print(".text." + name + "*")
PY
}
# Twice: the second profile, of a binary already laid out by the first, finds functions
# the first one attributed to a neighbour that was folded or renamed; the union is kept.
: > scripts/startup-order.txt
profile > "$work/first"
{ cat "$work/first"; echo ".text.startup*"; } > scripts/startup-order.txt
profile > "$work/second"
{ cat "$work/first"; grep -vxF -f "$work/first" "$work/second" || true; echo ".text.startup*"; } > scripts/startup-order.txt
echo "scripts/startup-order.txt: $(wc -l < scripts/startup-order.txt) sections"
