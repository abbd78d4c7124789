#!/usr/bin/env bash
# Builds `pinion` as one fully static executable (Swift runtime and glibc linked in, no
# dynamic loader) that can be copied to a board as a single file:
#   .build-static/release/pinion
#
# Start-up footprint: the kernel maps the code around every page a process touches in
# blocks (fault-around, 64 KB), so code run at start-up that is scattered over the text
# costs far more resident memory than its size. Every function gets its own section, and
# the linker puts the ones a run uses first next to each other (scripts/startup-order.txt,
# made by scripts/startup-order.sh). Peak RSS without -> with the ordering: hello
# 6.1 -> 4.9 MB, blink on the simulator 6.9-7.2 -> 5.5-5.6 MB (README "Footprint").
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(--static-swift-stdlib -Xswiftc -static-executable
       -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections
       -Xlinker "--section-ordering-file=$PWD/scripts/startup-order.txt")
# SwiftPM does not recompile objects when only flags change: start over when they did.
stamp=.build-static/pinion-build-flags
if [ -d .build-static ] && [ "$(cat "$stamp" 2>/dev/null)" != "${flags[*]}" ]; then rm -rf .build-static; fi
# Nor does it relink when the ordering file changes.
rm -f .build-static/release/pinion
# The link map (every input section's address, size and object) is for
# bench/footprint_components.py; asking for it changes no object, so it is not a flag above.
swift build -c release --product pinion --scratch-path .build-static "${flags[@]}" \
    -Xlinker "-Map=$PWD/.build-static/pinion.map" 2>&1 \
    | grep -v "warning: Using '.*' in statically linked" | tail -1
echo "${flags[*]}" > "$stamp"
echo ".build-static/release/pinion ($(stat -c %s .build-static/release/pinion) bytes, not stripped)"
