#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/targets/ with swiftc directly (SwiftPM has no
# fuzzer products): the engine modules are compiled from Sources/ with coverage
# instrumentation, one `swiftc` invocation per module, into .build-fuzz/MODE/.
#
#   fuzz/build.sh [fuzzer] [asan] [diff]     default: fuzzer and asan
#     fuzzer  -sanitize=fuzzer          (fast; for long runs)
#     asan    -sanitize=fuzzer,address  (finds out-of-bounds and use-after-free in
#                                        the engine's unsafe pointers)
#     diff    .build-fuzz/diff/pinion-diff, the Pinion side of scripts/differential.py,
#             built with the engine's release flags from Package.swift (-Ounchecked)
#
# Targets: fuzz-decode (decode+validate), fuzz-execute (instantiate+run under small
# budgets), fuzz-manifest (TOML manifest parsing). The manifest target also needs
# PinionTOML, PinionHardware and PinionManifest (instrumented, from Sources/), whose
# CPinionSodium (libsodium) and swift-log dependencies SwiftPM builds: it links their
# objects from the release build in .build/ (built first if missing), uninstrumented.
#
# The engine is built with -O (not -Ounchecked as in Package.swift) so that an
# arithmetic overflow the interpreter did not mean is a crash here, not a silent wrap.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(fuzzer asan)
jobs=${PINION_FUZZ_JOBS:-1}

spm=.build/release
engineFlags=(-parse-as-library -wmo -num-threads "$jobs" -enforce-exclusivity=unchecked
             -Xcc -Xclang -Xcc -mframe-pointer=none)

# The engine modules into $1 as static libraries, with the optimisation level and sanitizer
# flags given.
build_engine() {
    local out=$1 m
    shift
    for m in PinionBinary PinionValidation PinionRuntime; do
        swiftc "${engineFlags[@]}" "$@" -module-name "$m" -I "$out" \
            -emit-module -emit-module-path "$out/$m.swiftmodule" \
            -emit-library -static -o "$out/lib$m.a" Sources/$m/*.swift
    done
}

build_diff() {
    local out=.build-fuzz/diff
    mkdir -p "$out"
    echo "== differential harness into $out"
    build_engine "$out" -Ounchecked
    swiftc -parse-as-library -O -use-ld=lld -I "$out" -L "$out" -lPinionRuntime -lPinionValidation -lPinionBinary \
        -module-name PinionDiff -o "$out/pinion-diff" fuzz/differential/DiffRun.swift
}

# The -Xcc module-map flags SwiftPM passes for PinionManifest (CPinionSodium),
# read from its build manifest so they follow the package's versions.
manifestClangFlags() {
    python3 - .build/release.yaml <<'EOF'
import json, sys
path = sys.argv[1]
for line in open(path):
    s = line.strip()
    if s.startswith('args: [') and '"-module-name","PinionManifest"' in s:
        args = json.loads(s[len('args: '):])
        out = []
        for i, a in enumerate(args):
            if a == '-Xcc':
                out += [a, args[i + 1]]
        print('\n'.join(out))
        break
EOF
}

build_mode() {
    local mode=$1 sanitize
    case "$mode" in
        diff) build_diff; return ;;
        fuzzer) sanitize=-sanitize=fuzzer ;;
        asan) sanitize=-sanitize=fuzzer,address ;;
        *) echo "fuzz/build.sh: unknown mode '$mode' (fuzzer, asan or diff)" >&2; exit 64 ;;
    esac
    local out=.build-fuzz/$mode
    mkdir -p "$out"
    echo "== fuzz build ($mode) into $out"

    # Engine: one static library and module per target, in dependency order.
    build_engine "$out" -O "$sanitize"
    local engineLibs=(-L "$out" -lPinionRuntime -lPinionValidation -lPinionBinary)
    swiftc -parse-as-library -O -use-ld=lld "$sanitize" -I "$out" "${engineLibs[@]}" \
        -o "$out/fuzz-decode" fuzz/targets/DecodeValidate.swift
    swiftc -parse-as-library -O -use-ld=lld "$sanitize" -I "$out" "${engineLibs[@]}" \
        -o "$out/fuzz-execute" fuzz/targets/Execute.swift

    # Manifest: PinionTOML, PinionHardware and PinionManifest instrumented; their package
    # dependencies from SwiftPM's release build.
    if [ ! -f "$spm/Modules/PinionManifest.swiftmodule" ]; then
        swift build -c release -Xswiftc -enable-testing --product pinion
    fi
    local clang=()
    mapfile -t clang < <(manifestClangFlags)
    local depFlags=(-I "$out" -I "$spm/Modules" "${clang[@]}")
    swiftc -parse-as-library -O -wmo -num-threads "$jobs" "$sanitize" -module-name PinionTOML \
        -emit-module -emit-module-path "$out/PinionTOML.swiftmodule" \
        -emit-library -static -o "$out/libPinionTOML.a" Sources/PinionTOML/*.swift
    swiftc -parse-as-library -O -wmo -num-threads "$jobs" "$sanitize" -module-name PinionHardware "${depFlags[@]}" \
        -emit-module -emit-module-path "$out/PinionHardware.swiftmodule" \
        -emit-library -static -o "$out/libPinionHardware.a" Sources/PinionHardware/*.swift
    swiftc -parse-as-library -O -wmo -num-threads "$jobs" "$sanitize" -module-name PinionManifest "${depFlags[@]}" \
        -emit-module -emit-module-path "$out/PinionManifest.swiftmodule" \
        -emit-library -static -o "$out/libPinionManifest.a" Sources/PinionManifest/*.swift
    local deps=()
    mapfile -t deps < <(find "$spm"/{PinionLog,PinionFiles,CPinionSodium}.build \
                             -name '*.o' 2>/dev/null | sort)
    swiftc -parse-as-library -O -use-ld=lld "$sanitize" "${depFlags[@]}" -L "$out" -lPinionManifest -lPinionTOML -lPinionHardware "${engineLibs[@]}" \
        "${deps[@]}" -lsodium -o "$out/fuzz-manifest" fuzz/targets/Manifest.swift
    echo "   $out/fuzz-decode $out/fuzz-execute $out/fuzz-manifest"
}

for mode in "${modes[@]}"; do build_mode "$mode"; done
