#!/usr/bin/env bash
# A Debian trixie amd64 chroot with Debian's `swiftlang` (Swift 6.0.3, what Raspberry Pi OS and
# trixie ship) and the -dev packages Pinion links, and a way to run a command in it with this
# repository bind-mounted at the same path. Shared by scripts/swift-6.0.3.sh (build with the
# oldest Swift Pinion supports) and scripts/build-aarch64.sh (the cross-build runs in it).
#
#   scripts/trixie-chroot.sh                  set up (or reuse) the chroot, print its path
#   scripts/trixie-chroot.sh CMD ARGS...      run CMD in it, in the current directory
#
# Cached under ~/.cache/pinion/trixie-amd64 (about 1.3 GB): a second run reuses it. Made with
# debootstrap from Debian's mirror; needs root (for debootstrap, mounts and chroot). Mounts
# are made in a private mount namespace (unshare), so nothing stays mounted afterwards.
#
# Env: PINION_TRIXIE_ROOT  the chroot (default ~/.cache/pinion/trixie-amd64)
#      PINION_DEBIAN_MIRROR (default http://deb.debian.org/debian)
set -euo pipefail

root="${PINION_TRIXIE_ROOT:-$HOME/.cache/pinion/trixie-amd64}"
mirror="${PINION_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
# What the chroot holds, beside minbase. Changing this list adds what is missing on the next run.
packages=(swiftlang libgpiod-dev libi2c-dev libsodium-dev libstdc++-14-dev git ca-certificates lld
          binutils-aarch64-linux-gnu)

[ "$(id -u)" -eq 0 ] || { echo "trixie-chroot: needs root (debootstrap, mount, chroot); try sudo" >&2; exit 1; }

need_host() {  # installs a host tool from the host's apt if it is missing
    command -v "$1" >/dev/null && return
    echo "trixie-chroot: installing $2" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# Runs ARGS inside the chroot with /proc, /dev, /sys, the repository and (if set)
# PINION_CHROOT_BINDS (space-separated host paths) mounted at their own paths.
in_chroot() {
    local binds="$repo ${PINION_CHROOT_BINDS:-}"
    unshare --mount --propagation private -- /bin/bash -s "$root" "$PWD" "$binds" "$@" <<'EOF'
set -euo pipefail
root=$1 cwd=$2 binds=$3; shift 3
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --rbind /sys "$root/sys"
mount -t tmpfs tmpfs "$root/tmp"
for b in $binds; do mkdir -p "$root$b"; mount --bind "$b" "$root$b"; done
exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    TERM="${TERM:-dumb}" /bin/bash -c 'cd "$0" && exec "$@"' "$cwd" "$@"
EOF
}

if [ ! -e "$root/.pinion-debootstrap-done" ]; then
    need_host debootstrap debootstrap
    echo "trixie-chroot: debootstrap trixie into $root (a few minutes)" >&2
    rm -rf "$root"; mkdir -p "$root"
    debootstrap --variant=minbase --arch=amd64 trixie "$root" "$mirror" >"$root.log" 2>&1 \
        || { tail -20 "$root.log" >&2; exit 1; }
    echo "deb $mirror trixie main" > "$root/etc/apt/sources.list"
    touch "$root/.pinion-debootstrap-done"
fi
if [ "$(cat "$root/.pinion-packages" 2>/dev/null)" != "${packages[*]}" ]; then
    echo "trixie-chroot: installing ${packages[*]}" >&2
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    in_chroot /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages[*]}" \
        >>"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
    echo "${packages[*]}" > "$root/.pinion-packages"
fi

if (($#)); then in_chroot "$@"; else echo "$root"; fi
