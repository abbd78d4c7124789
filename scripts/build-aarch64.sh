#!/usr/bin/env bash
# Cross-builds `pinion` for 64-bit Raspberry Pi OS / arm64 Debian on an x86-64 machine, as one
# fully static executable (Swift runtime, glibc, libgpiod, libi2c and libsodium linked in):
#   .build-aarch64/pinion    stripped, to copy to the board
#   .build-aarch64/aarch64-unknown-linux-gnu/release/pinion    with symbols
#
# Everything comes from Debian trixie's packages: the compiler is Debian's `swiftlang` 6.0.3 in
# the amd64 chroot of scripts/trixie-chroot.sh; the target side is a sysroot unpacked (dpkg -x)
# from arm64 packages, with the Swift runtime libraries and module files of `swiftlang:arm64`,
# described to SwiftPM as a Swift SDK bundle and linked with lld. Cached under
# ~/.cache/pinion/aarch64 (about 1 GB); a second run only rebuilds Pinion.
#
#   scripts/build-aarch64.sh                   build the static pinion
#   scripts/build-aarch64.sh --build-tests     build the test bundle instead (dynamic stdlib;
#                                              run it with scripts/test-aarch64.sh)
#   scripts/build-aarch64.sh --sdk-only        only set up the sysroot and SDK, print the SDK path
#
# Run the result on this machine with `qemu-aarch64 -L ~/.cache/pinion/aarch64/sysroot ...`
# (only needed for a dynamic build; the static one runs with plain qemu-aarch64).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
cache="${PINION_AARCH64_CACHE:-$HOME/.cache/pinion/aarch64}"
sysroot="$cache/sysroot"
bundle="$cache/sdks/pinion-aarch64.artifactbundle"
triple=aarch64-unknown-linux-gnu
# arm64 packages the sysroot is made of: C runtime and headers, the libraries Pinion's C shims
# link (static archives come with the -dev packages), and the Swift runtime: static archives and
# module files from swiftlang, shared libraries (for test bundles, XCTest) from libswiftlang.
packages=(libc6 libc6-dev libcrypt1 libcrypt-dev libgcc-14-dev libgcc-s1 libatomic1 libstdc++-14-dev
          libstdc++6 libgpiod-dev libgpiod3 libi2c-dev libi2c0 libsodium-dev libsodium23 linux-libc-dev
          swiftlang libswiftlang)

scripts/trixie-chroot.sh >/dev/null   # sets up (or reuses) the amd64 chroot with swiftlang
export PINION_CHROOT_BINDS="$cache"
mkdir -p "$cache"

if [ "$(cat "$sysroot/.pinion-packages" 2>/dev/null)" != "${packages[*]}" ]; then
    echo "build-aarch64: unpacking the arm64 sysroot into $sysroot" >&2
    rm -rf "$sysroot" "$cache/debs"; mkdir -p "$sysroot" "$cache/debs"
    # apt in the chroot downloads the arm64 packages (the chroot's apt knows trixie; the host's
    # may not); they are only unpacked, never installed.
    scripts/trixie-chroot.sh /bin/sh -euc '
        cache=$0
        dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
        apt-get update -qq
        cd "$cache/debs"
        pkgs=""; for p in "$@"; do case $p in linux-libc-dev) pkgs="$pkgs $p";; *) pkgs="$pkgs $p:arm64";; esac; done
        apt-get download -qq -o APT::Sandbox::User=root $pkgs
        for d in *.deb; do
            case $d in
            swiftlang_*) mkdir -p swift && dpkg -x "$d" swift ;;
            *) dpkg -x "$d" "$cache/sysroot" ;;
            esac
        done
        # Only the target libraries and modules of swiftlang:arm64, not its arm64 compiler.
        mkdir -p "$cache/sysroot/usr/libexec/swift/lib"
        for d in swift swift_static clang; do
            cp -a "swift/usr/libexec/swift/lib/$d" "$cache/sysroot/usr/libexec/swift/lib/"
        done
        rm -rf swift
    ' "$cache" "${packages[@]}"
    # Merged /usr, as on an installed system: libc.so and the loader are found through /lib.
    for d in lib bin sbin; do [ -e "$sysroot/$d" ] || ln -s "usr/$d" "$sysroot/$d"; done
    # Swift 6.0's static-executable link line still names the ICU archives the 5.x runtime
    # needed; the 6.0 runtime does not use ICU and ships none. Empty ones satisfy the line.
    for l in icui18nswift icuucswift icudataswift; do
        a="$sysroot/usr/libexec/swift/lib/swift_static/linux/lib$l.a"
        [ -e "$a" ] || printf '!<arch>\n' > "$a"
    done
    rm -rf "$cache/debs"
    echo "${packages[*]}" > "$sysroot/.pinion-packages"
fi

# The Swift SDK bundle (SE-0387): the sysroot, where the target's Swift resources are, and a
# toolset that links with lld (the chroot's `lld` package), which handles any target.
mkdir -p "$bundle/$triple"
ln -sfn "$sysroot" "$bundle/$triple/sysroot"
cat > "$bundle/info.json" <<EOF
{ "schemaVersion": "1.0",
  "artifacts": { "$triple": { "type": "swiftSDK", "version": "6.0.3",
                              "variants": [ { "path": "$triple" } ] } } }
EOF
cat > "$bundle/$triple/swift-sdk.json" <<EOF
{ "schemaVersion": "4.0",
  "targetTriples": { "$triple": {
      "sdkRootPath": "sysroot",
      "swiftResourcesPath": "sysroot/usr/libexec/swift/lib/swift",
      "swiftStaticResourcesPath": "sysroot/usr/libexec/swift/lib/swift_static",
      "toolsetPaths": ["toolset.json"] } } }
EOF
cat > "$bundle/$triple/toolset.json" <<EOF
{ "schemaVersion": "1.0",
  "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld"] } }
EOF
if [ "${1:-}" = "--sdk-only" ]; then echo "$bundle"; exit 0; fi

sdk=(--swift-sdks-path "$cache/sdks" --swift-sdk "$triple")
if [ "${1:-}" = "--build-tests" ]; then
    # Tests link dynamically (XCTest is a shared library in swiftlang); -enable-testing as in
    # the native test builds.
    scripts/trixie-chroot.sh swift build -c release --build-tests --scratch-path .build-aarch64-tests \
        "${sdk[@]}" -Xswiftc -enable-testing 2>&1 | tail -3
    exit 0
fi

# As scripts/build-static.sh, but lld takes the start-up order as symbols, not section names:
# with one section per function, section `.text.S` holds symbol S, and a C archive's object
# (`.text.libc.a.malloc.o`, scripts/section-archives.py) is moved by the functions it defines
# in the arm64 archive of the same name (lld moves the section that holds a listed symbol).
python3 - "$sysroot/usr/lib" > "$cache/startup-order.symbols" <<'PY'
import os, re, subprocess, sys
def unversioned(archive):  # libm-2.36.a (x86-64 host) and libm-2.41.a (arm64) alike
    return re.sub(r"^libm-[0-9.]+\.a$", "libm.a", archive)
archives = {}  # unversioned basename -> path
for directory, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".a") and open(os.path.join(directory, f), "rb").read(8) == b"!<arch>\n":
            archives.setdefault(unversioned(f), os.path.join(directory, f))
functions = {}
def archive_functions(archive):
    archive = unversioned(archive)
    if archive not in functions:
        functions[archive] = {}
        if archive in archives:
            path = archives[archive]
            listing = subprocess.run(["nm", "-A", "--defined-only", path], capture_output=True, text=True).stdout
            for line in listing.splitlines():
                m = re.match(r".*\.a:(.+?):[0-9a-f]* [TW] (\S+)$", line)
                if m:
                    functions[archive].setdefault(m.group(1), []).append(m.group(2))
    return functions[archive]
for line in open("scripts/startup-order.txt"):
    name = line.strip()
    m = re.match(r"\.text\.(lib[^ ]*?\.a)\.(.+?\.o)(\..*)?$", name)
    if m:
        for symbol in archive_functions(m.group(1)).get(m.group(2), []):
            print(symbol)
    elif name.startswith(".text."):
        print(name[len(".text."):])
PY
flags=(--static-swift-stdlib -Xswiftc -static-executable
       -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections
       -Xlinker "--symbol-ordering-file=$cache/startup-order.symbols" -Xlinker --no-warn-symbol-ordering)
scratch=.build-aarch64
stamp=$scratch/pinion-build-flags
if [ -d $scratch ] && [ "$(cat "$stamp" 2>/dev/null)" != "${flags[*]}" ]; then rm -rf $scratch; fi
rm -f "$scratch/$triple/release/pinion"
scripts/trixie-chroot.sh swift build -c release --product pinion --scratch-path $scratch \
    "${sdk[@]}" "${flags[@]}" 2>&1 | grep -v "warning: Using '.*' in statically linked" | tail -3
echo "${flags[*]}" > "$stamp"
out="$scratch/$triple/release/pinion"
scripts/trixie-chroot.sh aarch64-linux-gnu-strip -o "$scratch/pinion" "$out"
echo "$out ($(stat -c %s "$out") bytes, not stripped)"
echo "$scratch/pinion ($(stat -c %s "$scratch/pinion") bytes, stripped: the file to copy to the board)"
