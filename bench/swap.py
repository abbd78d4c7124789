#!/usr/bin/env python3
"""Hot-swap latency of `pinion daemon`: from the rename of a new version into the spool
to that version's first instruction.

Each new version is a small module whose first act is to read the realtime clock
(WASI clock_time_get) and print it; the daemon logs that line. The latency is that time
minus the time taken just before the rename. Runs on the simulated board with one line
granted, so each swap also releases the line (safe level) and claims it again.

Usage: bench/swap.py [--swaps N] [--pinion PATH]    (writes bench/SWAP.md)
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time, hashlib, statistics

WAT = r'''
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $now (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "pinion_gpio" "open" (func $open (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "led")
  (data (i32.const 16) "swap-bench VERSION t=")
  (func (export "_start") (local $t i64) (local $i i32) (local $n i32)
    (drop (call $now (i32.const 0) (i64.const 1) (i32.const 200)))
    (local.set $t (i64.load (i32.const 200)))
    (loop $digits  ;; 16 hex digits at 64..80
      (local.set $n (i32.wrap_i64 (i64.and (i64.shr_u (local.get $t) (i64.extend_i32_u (i32.sub (i32.const 60) (i32.shl (local.get $i) (i32.const 2))))) (i64.const 15))))
      (i32.store8 (i32.add (i32.const 64) (local.get $i))
        (select (i32.add (local.get $n) (i32.const 48)) (i32.add (local.get $n) (i32.const 87)) (i32.lt_u (local.get $n) (i32.const 10))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $digits (i32.lt_u (local.get $i) (i32.const 16))))
    (i32.store8 (i32.const 80) (i32.const 10))
    ;; iovecs: the prefix (16..16+PREFIX) and the digits (64..81)
    (i32.store (i32.const 100) (i32.const 16)) (i32.store (i32.const 104) (i32.const PREFIX))
    (i32.store (i32.const 108) (i32.const 64)) (i32.store (i32.const 112) (i32.const 17))
    (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 2) (i32.const 120)))
    (drop (call $open (i32.const 0) (i32.const 3) (i32.const 1) (i32.const 0)))
    (i32.store (i32.const 140) (i32.const 300)) (i32.store (i32.const 144) (i32.const 64))
    (drop (call $fd_read (i32.const 0) (i32.const 140) (i32.const 1) (i32.const 148)))))
'''

def module(version):
    prefix = f"swap-bench {version} t="
    text = WAT.replace("VERSION", version).replace("PREFIX", str(len(prefix)))
    with tempfile.TemporaryDirectory() as d:
        open(f"{d}/m.wat", "w").write(text)
        subprocess.run(["wasm-tools", "parse", f"{d}/m.wat", "-o", f"{d}/m.wasm"], check=True)
        return open(f"{d}/m.wasm", "rb").read()

def deliver(spool, version):
    data = module(version)
    tmp = f"{spool}/.bench-{version}.tmp"
    os.mkdir(tmp)
    open(f"{tmp}/app.wasm", "wb").write(data)
    open(f"{tmp}/manifest.toml", "w").write(f'''name = "bench"
version = "{version}"
[module]
file = "app.wasm"
sha256 = "{hashlib.sha256(data).hexdigest()}"
[[gpio]]
pin = "GPIO17"
alias = "led"
modes = ["output"]
safe_level = "low"
''')
    return tmp

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swaps", type=int, default=30)
    ap.add_argument("--pinion", default=".build/release/pinion")
    args = ap.parse_args()
    root = tempfile.mkdtemp(prefix="pinion-swap-")
    spool, state, logpath = f"{root}/spool", f"{root}/state", f"{root}/daemon.log"
    os.mkdir(spool)
    log = open(logpath, "w")
    daemon = subprocess.Popen([args.pinion, "daemon", "--spool", spool, "--state", state, "--board", "sim"], stderr=log, stdout=log)
    latencies = []
    try:
        for i in range(args.swaps + 1):
            version = f"1.0.{i}"
            tmp = deliver(spool, version)
            renamed = time.time_ns()
            os.rename(tmp, f"{spool}/bench-{version}")
            pattern = re.compile(rf"swap-bench {re.escape(version)} t=([0-9a-f]{{16}})")
            deadline = time.time() + 10
            while time.time() < deadline:
                m = pattern.search(open(logpath).read())
                if m: break
                time.sleep(0.002)
            else:
                sys.exit(f"version {version} did not start within 10 s; log: {logpath}")
            if i > 0:  # the first is an install, not a swap
                latencies.append((int(m.group(1), 16) - renamed) / 1e6)
            time.sleep(0.05)
    finally:
        daemon.terminate(); daemon.wait()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    report = f"""# Hot-swap latency

`bench/swap.py --swaps {args.swaps}`: rename of a new version into the spool → its first
instruction (its own clock_time_get), on the simulated board, one GPIO line released and
claimed again per swap. Milliseconds over {len(latencies)} swaps.

| median | p90 | max | min |
|---:|---:|---:|---:|
| {statistics.median(latencies):.1f} | {p(0.9):.1f} | {latencies[-1]:.1f} | {latencies[0]:.1f} |

Goal: at most 50 ms for a small module.
"""
    open("bench/SWAP.md", "w").write(report)
    print(report)
    shutil.rmtree(root, ignore_errors=True)

if __name__ == "__main__":
    main()
