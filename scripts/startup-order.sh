#!/usr/bin/env bash
# Writes scripts/startup-order.txt, the order in which scripts/build-static.sh asks the
# linker (gold, --section-ordering-file) to place the functions a run uses: every function
# executed by `pinion run` of the hello example and of the blink example with its manifest
# on the simulated board, static initialisers (`.text.startup`) included. Run it again after
# large changes to the CLI or its dependencies; a stale list only costs resident memory,
# never correctness. Needs valgrind (callgrind), gdb and gold, the Swift toolchain's linker.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Prints the name of every code section the two runs execute, in order of first use.
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
    python3 - "$work/symbols" .build-static/pinion.map "$work/hello.cg" "$work/blink.cg" "$work/variants" <<'PY'
import bisect, re, sys
symbols = []
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        symbols.append(int(parts[0], 16))
# Every code section of the link, from the link map: an executed address orders the
# section that holds it, under the exact name the linker matches.
sections, pending = [], None
for line in open(sys.argv[2]):
    m = re.match(r"^ (\.text\S*)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+/", line)
    name = m and (m.group(1) or pending)
    # A plain `.text` (the standard library's, crt1's) is not one object's: naming it would
    # order every such section at once.
    if name and name != ".text" and int(m.group(2), 16) and int(m.group(3), 16):
        start = int(m.group(2), 16)
        sections.append((start, start + int(m.group(3), 16), name, "/sectioned/" in line))
    m = re.match(r"^ (\.text\S*)\s*$", line)
    pending = m.group(1) if m else None
sections.sort()
starts = [s[0] for s in sections]
# The per-CPU variants of glibc's and libm's functions (objects like strlen-evex.o): which
# one runs depends on the processor, and valgrind offers no AVX-512, so they are found
# natively instead (below, under gdb), with a breakpoint on every entry point.
with open(sys.argv[-1], "w") as variants:
    for start, end, name, from_c_archive in sections:
        if from_c_archive and "-" in name.split(".a.", 1)[1]:
            i = bisect.bisect_left(symbols, start)
            entries = {start}
            while i < len(symbols) and symbols[i] < end:
                entries.add(symbols[i]); i += 1
            for entry in sorted(entries):
                variants.write(f"{entry:#x} {name}\n")
seen = set()
for profile in sys.argv[3:-1]:
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
        if i >= 0 and address < sections[i][1] and sections[i][2] not in seen:
            seen.add(sections[i][2])
            print(sections[i][2])
PY
    # Native runs of the same two commands under gdb, with a breakpoint on every entry point
    # of every variant: the variants hit are the ones this processor uses.
    cat > "$work/variants.py" <<'GDB'
import gdb
hit = []
class First(gdb.Breakpoint):
    def stop(self):
        if not self.seen:
            self.seen = True
            hit.append(self.section)
        return False
for line in open(variants):
    address, section = line.split()
    b = First("*" + address, internal=True)
    b.seen, b.section = False, section
gdb.execute("run >/dev/null 2>&1")
for section in hit:
    print("variant-hit " + section)
GDB
    for args in "run examples/hello/hello.wasm" \
                "run --manifest examples/blink/blink.toml --board sim examples/blink/blink.wasm"; do
        gdb -batch -nx -ex "python variants = '$work/variants'" -x "$work/variants.py" \
            --args "$work/pinion" $args >"$work/gdb.out" 2>&1
        sed -n 's/^variant-hit //p' "$work/gdb.out"
    done
}
# Twice: the first profile runs an unordered binary, the second one laid out by the first
# list; what the second executes that the first did not see is appended.
: > scripts/startup-order.txt
profile | awk '!seen[$0]++' > "$work/first"
cp "$work/first" scripts/startup-order.txt
profile | awk '!seen[$0]++' > "$work/second"
{ cat "$work/first"; grep -vxF -f "$work/first" "$work/second" || true; } > scripts/startup-order.txt
echo "scripts/startup-order.txt: $(wc -l < scripts/startup-order.txt) sections"
