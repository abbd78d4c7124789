#!/usr/bin/env bash
# Runs the fuzz targets for a bounded time each, building them and the seeds first if
# needed. Corpora grow in .build-fuzz/corpus/TARGET (kept between runs); a crash, leak,
# timeout or out-of-memory input is saved to .build-fuzz/artifacts/ and the script exits 1.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     default: 60 s each for decode execute manifest
#
# Env: PINION_FUZZ_MODE  fuzzer (default) or asan: which build of fuzz/build.sh to run
#      PINION_FUZZ_JOBS  parallel fuzzing processes per target (default 1)
#      PINION_FUZZ_ARGS  more libFuzzer flags, e.g. "-max_len=65536"
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decode execute manifest)
mode=${PINION_FUZZ_MODE:-fuzzer}
jobs=${PINION_FUZZ_JOBS:-1}
root=$PWD
bin=$root/.build-fuzz/$mode
artifacts=$root/.build-fuzz/artifacts
mkdir -p "$artifacts"

# Rebuild when a source is newer than the binaries.
newest=$(find Sources/PinionBinary Sources/PinionValidation Sources/PinionRuntime Sources/PinionHardware \
              Sources/PinionManifest Sources/PinionTOML fuzz/targets fuzz/build.sh -newer "$bin/fuzz-manifest" 2>/dev/null | head -1 || true)
if [ ! -x "$bin/fuzz-manifest" ] || [ -n "$newest" ]; then fuzz/build.sh "$mode"; fi
fuzz/seeds.sh

# Let libFuzzer, not Swift's backtracer, handle crashes: it saves the input.
export SWIFT_BACKTRACE=enable=no
# Crashes in Swift code are reported; leaks of the engine's deliberate globals are not bugs.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}

# -jobs writes each job's log to fuzz-N.log in the working directory: .build-fuzz, below.
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
failed=0
for target in "${targets[@]}"; do
    case "$target" in
        decode|execute) seeds=$root/.build-fuzz/seeds/wasm; extra=(-max_len=16384) ;;
        manifest) seeds=$root/.build-fuzz/seeds/toml; extra=(-dict="$root/fuzz/manifest.dict" -max_len=4096) ;;
        *) echo "fuzz/run.sh: unknown target '$target' (decode, execute or manifest)" >&2; exit 64 ;;
    esac
    corpus=$root/.build-fuzz/corpus/$target
    mkdir -p "$corpus"
    echo "== fuzz-$target ($mode, ${seconds}s, $jobs job(s))"
    log=$root/.build-fuzz/fuzz-$target.log
    # -timeout: one input may take 10 s (fuel bounds execution far below that);
    # -rss_limit_mb: the execute target's budgets are 1 MiB, decoding is bounded too.
    if (cd .build-fuzz && exec "$bin/fuzz-$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
            "${parallel[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
            "${extra[@]}" ${PINION_FUZZ_ARGS:-}) > "$log" 2>&1; then
        grep -E "^stat::number_of_executed_units|^Done|cov:" "$log" | tail -2 || true
    else
        failed=1
        echo "fuzz-$target FAILED; input saved in $artifacts/ (log: $log):"
        grep -E "ERROR|Assertion|Fatal error|SUMMARY|Test unit written" "$log" | head -10 || tail -20 "$log"
    fi
done
exit $failed
