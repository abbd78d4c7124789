#!/usr/bin/env bash
# Hardware-in-the-loop tests: the real Linux GPIO (libgpiod) and I2C (i2c-dev) backends of
# a static `pinion`, against the kernel's gpio-sim and i2c-stub drivers, in a qemu VM.
#
#   1. Installs what it needs from Debian packages (qemu-system-x86, linux-headers and
#      linux-source for the kernel ABI, busybox-static, a C toolchain, cpio, kmod) and
#      fetches the matching linux-image .deb (unpacked, not installed).
#   2. Builds gpio-sim (not in Debian's kernel) out of tree from linux-source, with
#      kernel/irq/irq_sim.c in the same module.
#   3. Builds the static pinion (scripts/build-static.sh) and assembles an initramfs:
#      busybox, the kernel modules, pinion, scripts/hil/modules/hil.wasm and its
#      manifests, the blink, button, i2cscan and bme280 examples with theirs, the
#      gpio-sim board, BME280 registers and the expected readings (bme280.py), and
#      scripts/hil/init as /init.
#   4. Boots it (qemu TCG, no KVM needed) and checks the serial console: every scenario
#      prints `PASS name` or `FAIL name: why`, then `N passed, N failed`.
# Exits 0 only if all $EXPECTED scenarios passed; a VM that does not boot, hangs or
# stops early is a failure.
#
# Cache: ~/.cache/pinion/hil (PINION_HIL_CACHE): the kernel .deb and its unpacked tree,
# and the gpio-sim module, per kernel version (about 500 MB). The console log is kept in $cache/last-run.log.
# Env: PINION_HIL_TIMEOUT  seconds before the VM is killed (default 600)
#      PINION_HIL_PINION   a pinion binary to use instead of building the static one
#      PINION_HIL_VERBOSE  1: print each scenario's module output and traced levels
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

# ---- 1. packages and the kernel ---------------------------------------------------------
need qemu-system-x86 busybox-static linux-source-6.1 make gcc libc6-dev binutils cpio kmod xz-utils python3 file
# The kernel: the newest 6.1 ABI whose headers are installed, else the current one.
kabi() { ls /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(6\.1\.0-[0-9]*-amd64\)$/\1/p' | sort -V | tail -1; }
kver="$(kabi)"
if [ -z "$kver" ]; then
    need linux-headers-amd64
    kver="$(kabi)"
fi
[ -n "$kver" ] || die "no linux-headers-6.1.0-*-amd64 after installing linux-headers-amd64"
srcver="$(dpkg-query -W -f='${Version}' linux-source-6.1)"
kroot="$cache/kernel-$kver"
if [ ! -e "$kroot/.complete" ]; then
    log "fetching linux-image-$kver"
    apt_update
    rm -rf "$kroot" && mkdir -p "$cache/debs" "$kroot"
    (cd "$cache/debs" && apt-get download -q -o APT::Sandbox::User=root "linux-image-$kver" >/dev/null)
    dpkg-deb -x "$(ls "$cache"/debs/linux-image-"$kver"_*.deb | sort -V | tail -1)" "$kroot"
    touch "$kroot/.complete"
fi
vmlinuz="$kroot/boot/vmlinuz-$kver"
[ -f "$vmlinuz" ] || die "no $vmlinuz in the linux-image package"
imgver="$(dpkg-deb -f "$(ls "$cache"/debs/linux-image-"$kver"_*.deb | sort -V | tail -1)" Version)"
[ "$imgver" = "$srcver" ] || log "note: linux-image $imgver, linux-source $srcver (same 6.1 ABI $kver)"

# ---- 2. gpio-sim, out of tree --------------------------------------------------------------
ko="$cache/gpio-sim-$kver-$srcver.ko"
if [ ! -f "$ko" ]; then
    log "building gpio-sim for $kver from linux-source $srcver"
    build="$(mktemp -d)"
    src=linux-source-6.1
    tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$build" \
        $src/drivers/gpio/gpio-sim.c $src/drivers/gpio/gpiolib.h $src/kernel/irq/irq_sim.c
    mkdir "$build/mod"
    cp "$build/$src/drivers/gpio/gpio-sim.c" "$build/mod/gpio-sim-main.c"
    cp "$build/$src/drivers/gpio/gpiolib.h" "$build/mod/"
    # irq_to_desc() is not exported to modules; generic_handle_irq() does the same here.
    sed 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' \
        "$build/$src/kernel/irq/irq_sim.c" > "$build/mod/irq_sim.c"
    grep -q 'generic_handle_irq(irqnum)' "$build/mod/irq_sim.c" || die "irq_sim.c: the irq_to_desc line has changed; update run.sh"
    printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' > "$build/mod/Kbuild"
    make -s -C "/usr/src/linux-headers-$kver" M="$build/mod" modules 2>&1 | grep -v "Skipping BTF generation" >&2 || true
    [ -f "$build/mod/gpio-sim.ko" ] || die "gpio-sim did not build"
    [[ "$(modinfo -F vermagic "$build/mod/gpio-sim.ko")" == "$kver "* ]] || die "gpio-sim.ko is not for $kver"
    cp "$build/mod/gpio-sim.ko" "$ko.tmp" && mv "$ko.tmp" "$ko"
    rm -rf "$build"
fi

# ---- 3. the initramfs ----------------------------------------------------------------------
pinion="${PINION_HIL_PINION:-}"
if [ -z "$pinion" ]; then
    scripts/build-static.sh >&2
    pinion=.build-static/release/pinion
fi
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,config,hil/boards/headers,hil/examples}

file -L /bin/busybox | grep -q "statically linked" || die "/bin/busybox is not static (busybox-static)"
cp /bin/busybox "$stage/bin/"
for applet in $(/bin/busybox --list); do [ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"; done

strip -o "$stage/hil/pinion" "$pinion"
if ! file -L "$pinion" | grep -q "statically linked"; then
    # A dynamic pinion: bring the shared libraries and the loader along.
    ldd "$pinion" | grep -o '/[^ ]*' | while read -r lib; do
        mkdir -p "$stage$(dirname "$lib")" && cp -L "$lib" "$stage$lib"
    done
fi

# Kernel modules and their dependencies, in load order. gpio-sim goes into the
# unpacked kernel's module tree so that depmod/modprobe resolve its dependencies too.
mods="$kroot"
if ! cmp -s "$ko" "$mods/lib/modules/$kver/extra/gpio-sim.ko"; then
    mkdir -p "$mods/lib/modules/$kver/extra"
    cp "$ko" "$mods/lib/modules/$kver/extra/gpio-sim.ko"
    depmod -b "$mods" "$kver"
fi
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
initrd="$cache/initrd.cpio"
(cd "$stage" && find . | cpio -o -H newc --quiet) > "$initrd"
log "initramfs $(($(stat -c %s "$initrd") / 1048576)) MiB (kernel $kver, pinion $(($(stat -c %s "$stage/hil/pinion") / 1048576)) MiB stripped)"

# ---- 4. boot ----------------------------------------------------------------------------
console="$cache/last-run.log"
log "booting (qemu TCG); console in $console"
status=0
timeout "${PINION_HIL_TIMEOUT:-600}" qemu-system-x86_64 -accel tcg -m 512 -nographic -no-reboot \
    -kernel "$vmlinuz" -initrd "$initrd" -append "console=ttyS0 panic=-1 quiet${PINION_HIL_VERBOSE:+ hil.verbose=1}" \
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
