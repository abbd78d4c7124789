#!/usr/bin/env bash
# Builds `pinion` as one fully static executable (Swift runtime and glibc linked in, no
# dynamic loader) that can be copied to a board as a single file:
#   .build-static/release/pinion
#
# Start-up footprint: the kernel maps the code around every page a process touches in
# blocks (fault-around, 64 KB), so code run at start-up that is scattered over the text
# costs far more resident memory than its size. Every function gets its own section, and
# the linker puts the ones a run uses first next to each other (scripts/startup-order.txt,
# made by scripts/startup-order.sh). With it, hello peaks at 3.0 MB; without, it peaked at
# 6.1 MB when last measured (README "Footprint").
#
# The C libraries (glibc, libm, libsodium, libstdc++, libgpiod, libi2c) have one plain `.text`
# per object, which the ordering file cannot name; the link uses copies of their archives in
# which each object's code is a section named after the object (scripts/section-archives.py).
set -euo pipefail
cd "$(dirname "$0")/.."
sectioned=$PWD/.build-static/sectioned
flags=(--static-swift-stdlib -Xswiftc -static-executable -Xlinker "-L$sectioned"
       -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections
       -Xlinker "--section-ordering-file=$PWD/scripts/startup-order.txt")
# SwiftPM does not recompile objects when only flags change: start over when they did.
stamp=.build-static/pinion-build-flags
if [ -d .build-static ] && [ "$(cat "$stamp" 2>/dev/null)" != "${flags[*]}" ]; then rm -rf .build-static; fi
if [ ! -f "$sectioned/done" ]; then
    archives=()
    for a in libc.a libm.a libsodium.a libstdc++.a libgpiod.a libi2c.a; do
        # The C compiler the link uses (the Swift toolchain's clang) says where each is.
        path=$("$(command -v clang || command -v gcc)" -print-file-name=$a)
        # Debian's libm.a is a linker script naming libm-<version>.a and libmvec.a.
        if head -c 64 "$path" | grep -q "GNU ld script"; then
            mkdir -p "$sectioned"
            real=$(grep -o "/[^ ]*libm-[0-9.]*\.a" "$path")
            archives+=("$real")
            sed "s|$real|$sectioned/$(basename "$real")|" "$path" > "$sectioned/$a"
        else
            archives+=("$path")
        fi
    done
    python3 scripts/section-archives.py "$sectioned" "${archives[@]}"
    touch "$sectioned/done"
fi
# SwiftPM does not relink when the ordering file or an archive changes.
rm -f .build-static/release/pinion
# The link map (every input section's address, size and object) is for
# bench/footprint_components.py; asking for it changes no object, so it is not a flag above.
swift build -c release --product pinion --scratch-path .build-static "${flags[@]}" \
    -Xlinker "-Map=$PWD/.build-static/pinion.map" 2>&1 \
    | grep -v "warning: Using '.*' in statically linked" | tail -1
echo "${flags[*]}" > "$stamp"
echo ".build-static/release/pinion ($(stat -c %s .build-static/release/pinion) bytes, not stripped)"
