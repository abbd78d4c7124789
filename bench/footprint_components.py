#!/usr/bin/env python3
# bench/footprint_components.py: what each component of the static `pinion` adds to the
# file and to a run's resident memory. Reads the linker map that scripts/build-static.sh
# writes (.build-static/pinion.map: every input section's address, size and object file)
# and sorts the objects into components. With a process id, it also reads the process's
# page table (/proc/PID/pagemap) and shares every resident page of the executable among
# the components whose sections lie on it, by bytes; anonymous memory (heap, stacks, .bss
# and the module's own memory) is one more row.
#
#   footprint_components.py MAP                  file bytes per component
#   footprint_components.py MAP --rss PID [...]  and resident KB per component, per PID
import bisect, re, struct, sys
from collections import defaultdict

# Object path -> component; the first matching pattern wins.
COMPONENTS = [
    (r"/(PinionBinary|PinionValidation|PinionRuntime)\.build/", "engine (PinionBinary, PinionValidation, PinionRuntime)"),
    (r"/(PinionWASI|CPinionSys)\.build/", "WASI (PinionWASI, CPinionSys)"),
    (r"/(PinionHardware|PinionSimulator|PinionLinuxHardware|CPinionGPIO|CPinionI2C)\.build/|libgpiod|libi2c",
     "hardware + simulator (PinionHardware, PinionSimulator, PinionLinuxHardware, libgpiod, libi2c)"),
    (r"/(PinionTOML|PinionManifest)\.build/", "TOML + manifests (PinionTOML, PinionManifest)"),
    (r"/CPinionSodium\.build/|libsodium", "libsodium (SHA-2, Ed25519)"),
    (r"/(PinionSupervisor|PinionJSON)\.build/", "daemon (PinionSupervisor, PinionJSON)"),
    (r"/PinionWast\.build/", "spec-script runner (PinionWast)"),
    (r"/(PinionCLI|PinionLog|PinionFiles)\.build/", "CLI (PinionCLI, PinionLog, PinionFiles)"),
    (r"libswift_RegexParser|libswift_StringProcessing", "Swift regex + string processing (only if a target imports them)"),
    (r"libswift_Concurrency|libdispatch|libBlocksRuntime", "Swift concurrency + libdispatch (only if a target imports them)"),
    (r"swift_static|swiftrt\.o", "Swift runtime + standard library"),
    (r"libstdc\+\+|libgcc|crtbegin|crtend", "C++ runtime + libgcc (for the Swift runtime)"),
    (r"/libc\.a|/libm|/libpthread|/libdl|/librt|crt1\.o|crti\.o|crtn\.o", "glibc (static)"),
]

UNWIND = "unwind tables (.eh_frame, .eh_frame_hdr; all components)"

def component(path):
    for pattern, name in COMPONENTS:
        if re.search(pattern, path):
            return name
    return "other (" + path.rsplit("/", 1)[-1] + ")"

def read_map(path):
    """[(start, end, component)] of the allocated input sections, sorted by address."""
    spans, pending = [], None
    entry = re.compile(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(/\S+)$")
    in_memory_map = False
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("Memory map") or line.startswith("Linker script and memory map"):
            in_memory_map = True
            continue
        if not in_memory_map:
            continue
        # What the linker makes itself: the merged unwind tables and their index.
        m = re.match(r"^ \*\* (eh_frame|eh_frame_hdr)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+))?$", line)
        if m:
            if m.group(2):
                spans.append((int(m.group(2), 16), int(m.group(2), 16) + int(m.group(3), 16), UNWIND, False))
            else:
                pending = "** unwind"
            continue
        if pending == "** unwind":
            m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)$", line)
            pending = None
            if m:
                spans.append((int(m.group(1), 16), int(m.group(1), 16) + int(m.group(2), 16), UNWIND, False))
                continue
        if re.match(r"^ \S+$", line):  # a long section name, its numbers on the next line
            pending = line.strip()
            continue
        m = entry.match(line)
        if m:
            start, size = int(m.group(2), 16), int(m.group(3), 16)
            name = m.group(1) or pending or ""
            pending = None
            if start and size and not name.startswith((".debug", ".comment", ".note.GNU-stack", ".symtab", ".strtab")):
                spans.append((start, start + size, component(m.group(4)), name.startswith(".tbss") or name.startswith(".bss")))
        else:
            pending = None
    spans.sort()
    return spans

def file_sizes(spans):
    sizes = defaultdict(int)
    for start, end, comp, nobits in spans:
        if not nobits:
            sizes[comp] += end - start
    return sizes

def resident(spans, pid, binary_name):
    """KB per component of the executable's resident pages, plus anonymous memory."""
    starts = [s[0] for s in spans]
    kb = defaultdict(float)
    pagemap = open(f"/proc/{pid}/pagemap", "rb")
    for line in open(f"/proc/{pid}/maps"):
        parts = line.split()
        lo, hi = (int(x, 16) for x in parts[0].split("-"))
        path = parts[5] if len(parts) > 5 else ""
        if path == "[vsyscall]":
            continue
        file_backed = path.endswith(binary_name)
        for page in range(lo, hi, 4096):
            pagemap.seek(page // 4096 * 8)
            if not struct.unpack("Q", pagemap.read(8))[0] >> 63:
                continue
            if not file_backed:
                kb["heap, stacks, .bss, module memory (anonymous)" if path in ("", "[heap]", "[stack]") else "kernel ([vdso], [vvar])"] += 4
                continue
            shares, covered = defaultdict(int), 0
            i = max(bisect.bisect_right(starts, page) - 1, 0)
            while i < len(spans) and spans[i][0] < page + 4096:
                start, end, comp, nobits = spans[i]
                overlap = min(end, page + 4096) - max(start, page)
                if overlap > 0:
                    shares[comp] += overlap
                    covered += overlap
                i += 1
            if covered == 0:
                kb["headers and padding"] += 4
            for comp, n in shares.items():
                kb[comp] += 4 * n / covered
    return kb

def main():
    spans = read_map(sys.argv[1])
    sizes = file_sizes(spans)
    pids = []
    if "--rss" in sys.argv:
        pids = [int(p) for p in sys.argv[sys.argv.index("--rss") + 1:]]
    binary = sys.argv[sys.argv.index("--binary") + 1] if "--binary" in sys.argv else "pinion"
    columns = [resident(spans, pid, binary) for pid in pids]
    names = sorted(set(sizes) | {k for c in columns for k in c}, key=lambda n: -sizes.get(n, 0))
    header = "| component | file |" + "".join(f" resident, run {i + 1} |" for i in range(len(pids)))
    print(header)
    print("|---|---:|" + "---:|" * len(pids))
    for n in names:
        cells = "".join(f" {c.get(n, 0):,.0f} KB |" for c in columns)
        file_cell = f"{sizes[n] / 1024:,.0f} KB" if n in sizes else ""
        print(f"| {n} | {file_cell} |{cells}")
    total = "".join(f" {sum(c.values()):,.0f} KB |" for c in columns)
    print(f"| total | {sum(sizes.values()) / 1024:,.0f} KB |{total}")

main()
