#!/usr/bin/env bash
# Builds `pinion` as one fully static executable (Swift runtime and glibc linked in, no
# dynamic loader) that can be copied to a board as a single file:
#   .build-static/release/pinion
# Static linking also keeps start-up small: no shared libraries to map and relocate.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pinion --scratch-path .build-static \
    --static-swift-stdlib -Xswiftc -static-executable 2>&1 | grep -v "warning: Using '.*' in statically linked" | tail -1
echo ".build-static/release/pinion ($(stat -c %s .build-static/release/pinion) bytes, not stripped)"
