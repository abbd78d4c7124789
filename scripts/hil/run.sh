#!/usr/bin/env bash
# Hardware-in-the-loop tests: the real Linux GPIO (libgpiod) and I2C (i2c-dev) backends of
# a static `pinion`, against the kernel's gpio-sim and i2c-stub drivers, in a qemu VM of
# x86-64 (default) or aarch64 (PINION_HIL_ARCH=aarch64: Debian's arm64 kernel on
# `qemu-system-aarch64 -M virt -cpu cortex-a72`, with the board binary of build-aarch64.sh).
#
#   1. Installs what it needs from Debian packages (qemu-system-x86 or -arm, gcc-12 or its
#      aarch64 cross compiler, cpio, kmod) and fetches Debian 12's linux-image of the
#      architecture, its headers, linux-kbuild, linux-source and busybox-static (unpacked,
#      not installed).
#   2. Builds gpio-sim (not in Debian's kernels) out of tree from linux-source, with
#      kernel/irq/irq_sim.c in the same module, and i2c-stub the same way where Debian does
#      not ship it (arm64).
#   3. Builds the static pinion (scripts/build-static.sh or scripts/build-aarch64.sh) and
#      assembles an initramfs: busybox, the kernel modules, pinion,
#      scripts/hil/modules/hil.wasm and its manifests, the blink, button, i2cscan and bme280
#      examples with theirs, the gpio-sim board, BME280 registers and the expected readings
#      (bme280.py), and scripts/hil/init as /init.
#   4. Boots it (qemu TCG, no KVM needed) and checks the serial console: every scenario
#      prints `PASS name` or `FAIL name: why`, then `N passed, N failed`.
# Exits 0 only if all $EXPECTED scenarios passed; a VM that does not boot, hangs or
# stops early is a failure.
#
# Cache: ~/.cache/pinion/hil (PINION_HIL_CACHE): a private apt index, and per kernel ABI
# the unpacked packages and the built modules (about 500 MB per architecture). The console
# log is kept in $cache/last-run-{amd64,arm64}.log.
# Env: PINION_HIL_ARCH     x86_64 (default) or aarch64
#      PINION_HIL_TIMEOUT  seconds before the VM is killed (default 600)
#      PINION_HIL_PINION   a pinion binary to use instead of building the static one
#      PINION_HIL_VERBOSE  1: print each scenario's module output and traced levels
#      PINION_HIL_REFRESH  1: fetch the newest Debian 12 kernel instead of the cached one
#      PINION_DEBIAN_MIRROR  (default http://deb.debian.org/debian)
set -euo pipefail
cd "$(dirname "$0")/../.."
EXPECTED=17
cache="${PINION_HIL_CACHE:-$HOME/.cache/pinion/hil}"
mkdir -p "$cache"
log() { echo "hil: $*" >&2; }
die() { echo "hil: FAILED: $*" >&2; exit 1; }

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=""
apt_update() { [ -n "$updated" ] || { $sudo apt-get update -qq; updated=1; }; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need() {
    local missing=() p
    for p in "$@"; do installed "$p" || missing+=("$p"); done
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt_update
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# ---- 1. packages, the kernel and busybox --------------------------------------------------
case "${PINION_HIL_ARCH:-x86_64}" in
    x86_64 | amd64)
        debarch=amd64 cross="" tty=ttyS0
        qemu=(qemu-system-x86_64)
        need qemu-system-x86 gcc-12 binutils ;;
    aarch64 | arm64)
        debarch=arm64 cross=aarch64-linux-gnu- tty=ttyAMA0
        qemu=(qemu-system-aarch64 -M virt -cpu cortex-a72)
        need qemu-system-arm gcc-12-aarch64-linux-gnu binutils-aarch64-linux-gnu ;;
    *) die "PINION_HIL_ARCH=$PINION_HIL_ARCH: x86_64 or aarch64" ;;
esac
need make libc6-dev cpio kmod xz-utils python3 file

# Kernel packages come from a private apt index of Debian 12 (both architectures) in the
# cache, so the host's apt configuration stays as it is; .debs are only unpacked.
aptdir="$cache/apt"
hil_apt() {  # apt-get or apt-cache, then its arguments
    local tool=$1; shift
    "$tool" -o Dir::State="$aptdir/state" -o Dir::State::status="$aptdir/status" -o Dir::Cache="$aptdir/cache" \
        -o Dir::Etc::SourceList="$aptdir/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
        -o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 \
        -o APT::Sandbox::User=root "$@"
}
# The kernel: the ABI chosen when this architecture's kernel was first fetched
# ($cache/kernel-ARCH); PINION_HIL_REFRESH=1 takes the newest Debian 12 has now.
kver="$(cat "$cache/kernel-$debarch" 2>/dev/null || true)"
if [ -z "$kver" ] || [ ! -e "$cache/kernel-$kver/.fetched" ] || [ -n "${PINION_HIL_REFRESH:-}" ]; then
    mirror="${PINION_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    mkdir -p "$aptdir/state/lists/partial" "$aptdir/cache/archives/partial"
    : > "$aptdir/status"
    keys="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
    printf 'deb [%s] %s bookworm main\ndeb [%s] %s bookworm-updates main\ndeb [%s] %s-security bookworm-security main\n' \
        "$keys" "$mirror" "$keys" "$mirror" "$keys" "$mirror" > "$aptdir/sources.list"
    log "updating the Debian 12 package index for amd64 and arm64"
    hil_apt apt-get update -qq
    kver="$(hil_apt apt-cache depends "linux-image-$debarch:$debarch" |
        sed -n "s/^ *Depends: linux-image-\(6\.1\.0-[0-9]*-$debarch\)\(:$debarch\)\?$/\1/p" | head -1)"
    [ -n "$kver" ] || die "no linux-image-6.1.0-*-$debarch in Debian 12's index"
fi
kroot="$cache/kernel-$kver"
if [ ! -e "$kroot/.fetched" ]; then
    log "fetching linux-image-$kver, its headers, linux-kbuild, linux-source and busybox-static:$debarch"
    rm -rf "$kroot" "$cache/debs" && mkdir -p "$cache/debs" "$kroot/image" "$kroot/headers"
    kpkgver="$(hil_apt apt-cache show "linux-image-$kver:$debarch" | sed -n 's/^Version: //p' | head -1)"
    srctar="$cache/linux-source-$kpkgver.tar.xz"   # shared by both architectures
    [ -e "$srctar" ] || srcpkg="linux-source-6.1=$kpkgver"
    (cd "$cache/debs" && hil_apt apt-get download -qq "linux-image-$kver:$debarch" "linux-headers-$kver:$debarch" \
        "linux-headers-${kver%-*}-common=$kpkgver" "linux-kbuild-6.1:amd64=$kpkgver" ${srcpkg:-} \
        "busybox-static:$debarch")
    dpkg-deb -x "$cache"/debs/linux-image-*.deb "$kroot/image"
    # The module build tree: the ABI's headers, the common headers and the (amd64) kbuild
    # tools, unpacked side by side as an installed system has them.
    for d in linux-headers linux-kbuild; do for f in "$cache"/debs/$d-*.deb; do dpkg-deb -x "$f" "$kroot/headers"; done; done
    sed -i "s|^include /usr/src/|include $kroot/headers/usr/src/|" "$kroot/headers/usr/src/linux-headers-$kver/Makefile"
    if [ ! -e "$srctar" ]; then
        dpkg-deb --fsys-tarfile "$cache"/debs/linux-source-6.1_*.deb | tar -xO ./usr/src/linux-source-6.1.tar.xz > "$srctar.tmp"
        mv "$srctar.tmp" "$srctar"
    fi
    dpkg-deb -x "$cache"/debs/busybox-static_*.deb "$kroot/busybox"
    echo "$kpkgver" > "$kroot/version"
    rm -rf "$cache/debs"
    touch "$kroot/.fetched"
    echo "$kver" > "$cache/kernel-$debarch"
fi
vmlinuz="$kroot/image/boot/vmlinuz-$kver"
[ -f "$vmlinuz" ] || die "no $vmlinuz in the linux-image package"
kpkgver="$(cat "$kroot/version")"
mods="$kroot/image"

# ---- 2. gpio-sim (and i2c-stub where Debian does not ship it), out of tree ----------------
# Debian builds neither gpio-sim nor (on arm64) i2c-stub; both are compiled from
# linux-source of the same version against the kernel's headers, with kernel/irq/irq_sim.c
# in gpio-sim's module.
extra=(gpio-sim)
find "$mods/lib/modules/$kver/kernel" -name i2c-stub.ko | grep -q . || extra+=(i2c-stub)
built="$cache/modules-$kver-$kpkgver"
if [ ! -e "$built/.complete" ]; then
    log "building ${extra[*]} for $kver from linux-source $kpkgver"
    build="$(mktemp -d)"
    src=linux-source-6.1
    tar -xJf "$cache/linux-source-$kpkgver.tar.xz" -C "$build" \
        $src/drivers/gpio/gpio-sim.c $src/drivers/gpio/gpiolib.h $src/kernel/irq/irq_sim.c $src/drivers/i2c/i2c-stub.c
    mkdir "$build/mod"
    cp "$build/$src/drivers/gpio/gpio-sim.c" "$build/mod/gpio-sim-main.c"
    cp "$build/$src/drivers/gpio/gpiolib.h" "$build/$src/drivers/i2c/i2c-stub.c" "$build/mod/"
    # irq_to_desc() is not exported to modules; generic_handle_irq() does the same here.
    sed 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
        "$build/$src/kernel/irq/irq_sim.c" > "$build/mod/irq_sim.c"
    grep -q 'generic_handle_irq(irqnum)' "$build/mod/irq_sim.c" || die "irq_sim.c: the irq_to_desc line has changed; update run.sh"
    printf 'obj-m := %s\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' "${extra[*]/%/.o}" > "$build/mod/Kbuild"
    make -s -C "$kroot/headers/usr/src/linux-headers-$kver" M="$build/mod" CROSS_COMPILE="$cross" modules 2>&1 |
        grep -v "Skipping BTF generation" >&2 || true
    mkdir -p "$built.tmp"
    for m in "${extra[@]}"; do
        [ -f "$build/mod/$m.ko" ] || die "$m did not build"
        [[ "$(modinfo -F vermagic "$build/mod/$m.ko")" == "$kver "* ]] || die "$m.ko is not for $kver"
        cp "$build/mod/$m.ko" "$built.tmp/"
    done
    rm -rf "$build" "$built" && mv "$built.tmp" "$built" && touch "$built/.complete"
fi
# The modules go into the unpacked kernel's module tree, so that depmod/modprobe resolve
# their dependencies too.
changed=""
for m in "${extra[@]}"; do
    cmp -s "$built/$m.ko" "$mods/lib/modules/$kver/extra/$m.ko" && continue
    mkdir -p "$mods/lib/modules/$kver/extra" && cp "$built/$m.ko" "$mods/lib/modules/$kver/extra/"
    changed=1
done
[ -z "$changed" ] || depmod -b "$mods" "$kver"

# ---- 3. the initramfs ----------------------------------------------------------------------
pinion="${PINION_HIL_PINION:-}"
if [ -z "$pinion" ] && [ $debarch = amd64 ]; then
    scripts/build-static.sh >&2
    pinion=.build-static/release/pinion
elif [ -z "$pinion" ]; then
    scripts/build-aarch64.sh >&2
    pinion=.build-aarch64/pinion
fi
elf="$(file -L "$pinion")"
case $debarch in amd64) [[ "$elf" == *x86-64* ]] ;; arm64) [[ "$elf" == *"ARM aarch64"* ]] ;; esac ||
    die "$pinion is not an $debarch executable: $elf"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,config,hil/boards/headers,hil/examples}

# busybox-static of the VM's architecture; /init makes the applet links.
cp "$kroot/busybox/bin/busybox" "$stage/bin/" && ln -s busybox "$stage/bin/sh"

"${cross}strip" -o "$stage/hil/pinion" "$pinion"
if [[ "$elf" != *"statically linked"* ]]; then
    # A dynamic pinion (amd64 only): bring the host's shared libraries and loader along.
    [ $debarch = amd64 ] || die "$pinion is not statically linked"
    ldd "$pinion" | grep -o '/[^ ]*' | while read -r lib; do
        mkdir -p "$stage$(dirname "$lib")" && cp -L "$lib" "$stage$lib"
    done
fi

# Kernel modules and their dependencies, in load order.
: > "$stage/hil/modules.load"
declare -A seen=()
for m in configfs gpio-sim i2c-dev i2c-stub; do
    while read -r cmd path _; do
        [ "$cmd" = insmod ] || continue
        [ -z "${seen[$path]:-}" ] || continue
        seen[$path]=1
        rel="${path#"$mods"}"
        mkdir -p "$stage$(dirname "$rel")" && cp "$path" "$stage$rel"
        params=""
        # functionality: the default set plus SMBus block data (0x03000000).
        [ "$(basename "$path")" = i2c-stub.ko ] && params="chip_addr=0x76 functionality=0x0f7f0000"
        echo "$rel $params" >> "$stage/hil/modules.load"
    done < <(modprobe -d "$mods" -S "$kver" -D "$m")
done
grep -q gpio-sim.ko "$stage/hil/modules.load" && grep -q i2c-stub.ko "$stage/hil/modules.load" ||
    die "module list incomplete: $(tr '\n' ' ' < "$stage/hil/modules.load")"

cp scripts/hil/init "$stage/init" && chmod +x "$stage/init"
cp scripts/hil/modules/hil.wasm scripts/hil/modules/gpio.toml scripts/hil/modules/i2c.toml "$stage/hil/"
cp scripts/hil/board-gpio-sim.toml "$stage/hil/boards/gpio-sim.toml"
cp boards/headers/*.toml "$stage/hil/boards/headers/"
for e in blink button i2cscan bme280; do cp "examples/$e/$e.wasm" "examples/$e/$e.toml" "$stage/hil/examples/"; done
python3 scripts/hil/bme280.py registers > "$stage/hil/bme280-registers"
python3 scripts/hil/bme280.py expected > "$stage/hil/bme280-expected"
initrd="$cache/initrd-$debarch.cpio"
(cd "$stage" && find . | cpio -o -H newc --quiet) > "$initrd"
log "initramfs $(($(stat -c %s "$initrd") / 1048576)) MiB (kernel $kver, pinion $(($(stat -c %s "$stage/hil/pinion") / 1048576)) MiB stripped)"

# ---- 4. boot ----------------------------------------------------------------------------
console="$cache/last-run-$debarch.log"
log "booting (qemu TCG); console in $console"
status=0
timeout "${PINION_HIL_TIMEOUT:-600}" "${qemu[@]}" -accel tcg -m 512 -nographic -no-reboot \
    -kernel "$vmlinuz" -initrd "$initrd" -append "console=$tty panic=-1 quiet${PINION_HIL_VERBOSE:+ hil.verbose=1}" \
    < /dev/null 2>&1 | tr -d '\r' | tee "$console" |
    sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\x1bc//g' | grep -Ev '^$|SeaBIOS|iPXE|Press Ctrl-B|Booting from ROM' ||
    status=$?
[ "$status" = 0 ] || log "qemu ended with status $status$([ "$status" = 124 ] && echo " (timed out)")"

grep -q "HIL: VM up" "$console" || die "the VM did not start (no 'HIL: VM up' on the console; see $console)"
summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$console" | tail -1 || true)"
[ -n "$summary" ] || die "the VM stopped before reporting results (see $console)"
passed="${summary%% passed*}"
failed="${summary#*passed, }"; failed="${failed%% failed}"
[ "$failed" = 0 ] || die "$failed scenario(s) failed: $(grep '^FAIL' "$console" | cut -c1-200 | tr '\n' ';')"
[ "$passed" = "$EXPECTED" ] || die "$passed scenarios passed, expected $EXPECTED"
echo "hil: all $passed scenarios passed"
