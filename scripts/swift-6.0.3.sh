#!/usr/bin/env bash
# Builds Pinion with Swift 6.0.3, Debian's `swiftlang` (what `apt install swiftlang` gives on
# Raspberry Pi OS and Debian trixie): the oldest toolchain Pinion supports. Runs in the trixie
# chroot of scripts/trixie-chroot.sh, with its own scratch path so it never touches .build.
#
#   scripts/swift-6.0.3.sh                    swift build -c release (every target)
#   scripts/swift-6.0.3.sh --build-tests      ... and the test targets
#   scripts/swift-6.0.3.sh test --filter X    any `swift` subcommand with its arguments
#
# Env: PINION_SCRATCH  scratch path (default .build-6.0.3)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${PINION_SCRATCH:-.build-6.0.3}"
if [ "${1:-}" = "" ] || [[ "${1:-}" == -* ]]; then set -- build -c release "$@"; fi
sub=$1; shift
exec scripts/trixie-chroot.sh swift "$sub" --scratch-path "$scratch" "$@"
