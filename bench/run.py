#!/usr/bin/env python3
"""Time pinion against WasmKit on the benchmark modules and write bench/REPORT.md.

Normally invoked by bench/run.sh, which builds everything first and passes the commands:

    python3 bench/run.py --pinion-cmd "PATH/pinion run" --wasmkit-cmd "PATH/wasmkit-cli run" \
        [--runs N] [--pinion-binary PATH] [--command "how this was invoked"] [BENCH...]

Each command is a prefix: the module path is appended to it. For every benchmark, each
runtime first does one untimed warm-up run (which must print the expected checksum), then the
two runtimes run alternately N times; the table shows the median wall time of each, and every
timed run's stdout is checked against bench/build/expected/NAME.txt as well.
A runtime that fails (wrong output, non-zero exit, timeout) is reported as such for that
benchmark and not timed further; the report is still written and the exit status is 1.
"""
import argparse
import datetime
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
BUILD_DIR = os.path.join(BENCH_DIR, "build")
EXPECTED_DIR = os.path.join(BUILD_DIR, "expected")
DEFAULT_BENCHMARKS = [
    "fib", "loops", "listsort", "matmul", "statemachine", "float", "memcpy", "coremark_like",
]


class RunResult:
    def __init__(self, seconds, cpu_seconds, maxrss_kb, returncode, stdout, stderr, timed_out=False):
        self.seconds = seconds
        self.cpu_seconds = cpu_seconds
        self.maxrss_kb = maxrss_kb
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out


def run_once(cmd, timeout):
    """Run cmd with stdout/stderr to temp files; return wall time and the child's peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        killed = []
        timer = threading.Timer(timeout, lambda: (killed.append(True), proc.kill()))
        timer.start()
        try:
            # Blocking wait4 (not Popen.wait) so that we also get the child's rusage (peak RSS).
            _, status, rusage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        timed_out = bool(killed)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return RunResult(seconds, rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss, proc.returncode,
                         out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                         timed_out)


def check(result, expected):
    """None if the run is good, else a short failure description (safe inside a markdown table)."""
    err = _check(result, expected)
    return err.replace("|", "/").replace("`", "'") if err else None


def _check(result, expected):
    if result.timed_out:
        return "timeout"
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or [""])[-1][:100]
        return f"exit {result.returncode}" + (f": {first}" if first else "")
    if result.stdout != expected:
        got = (result.stdout.strip().splitlines() or ["<no output>"])[0][:100]
        return f"wrong output: {got!r}"
    return None


def fmt_s(x):
    return f"{x:.3f}" if x is not None else "—"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    kb = int(line.split()[1])
                    return f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load_average():
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        text = (out.stdout or out.stderr).strip().splitlines()
        return text[0] if text else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unavailable"


def stripped_size(path):
    """(unstripped bytes, stripped bytes) of an executable, stripped size via `strip -o`."""
    if not path or not os.path.isfile(path):
        return None, None
    size = os.path.getsize(path)
    strip = shutil.which("strip")
    if not strip:
        return size, None
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "stripped")
        r = subprocess.run([strip, "-o", dst, path], capture_output=True)
        if r.returncode != 0:
            return size, None
        return size, os.path.getsize(dst)


def peak_rss_time(cmd, repeats=3):
    """Peak RSS in KB via /usr/bin/time -f %M (min over repeats) and whether it worked."""
    time_bin = "/usr/bin/time"
    if not os.path.exists(time_bin):
        return None, "/usr/bin/time missing (apt-get install -y time)"
    values = []
    for _ in range(repeats):
        with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as tf:
            r = subprocess.run([time_bin, "-f", "%M", "-o", tf.name] + cmd,
                               capture_output=True, text=True)
            if r.returncode != 0:
                return None, f"exit {r.returncode}"
            tf.seek(0)
            lines = [l for l in tf.read().split() if l.strip().isdigit()]
            if not lines:
                return None, "no %M output"
            values.append(int(lines[-1]))
    return min(values), None


def mib(n):
    return f"{n / 1024 / 1024:.2f} MiB" if n is not None else "n/a"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pinion-cmd", required=True, help="command prefix for pinion, module path appended")
    ap.add_argument("--wasmkit-cmd", required=True, help="command prefix for WasmKit, module path appended")
    ap.add_argument("--pinion-binary", help="pinion executable, for the binary-size line")
    ap.add_argument("--wasmkit-binary", help="WasmKit executable, for the binary-size line")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("BENCH_TIMEOUT", "300")),
                    help="seconds before a single run is killed (default 300)")
    ap.add_argument("--report", default=os.path.join(BENCH_DIR, "REPORT.md"))
    ap.add_argument("--command", default=None, help="command line to record in the report")
    ap.add_argument("--note", action="append", default=[], help="extra line for the report header")
    ap.add_argument("benchmarks", nargs="*", default=None)
    args = ap.parse_args()

    benchmarks = args.benchmarks or DEFAULT_BENCHMARKS
    runtimes = [("pinion", shlex.split(args.pinion_cmd)), ("WasmKit", shlex.split(args.wasmkit_cmd))]
    if args.runs < 1:
        ap.error("--runs must be >= 1")

    load_start = load_average()
    failures = []
    rows = []
    for bench in benchmarks:
        module = os.path.join(BUILD_DIR, bench + ".wasm")
        exp_path = os.path.join(EXPECTED_DIR, bench + ".txt")
        if not os.path.exists(module) or not os.path.exists(exp_path):
            print(f"run.py: {bench}: missing {module} or {exp_path}; run bench/build.sh", file=sys.stderr)
            return 2
        with open(exp_path) as f:
            expected = f.read()

        times = {name: [] for name, _ in runtimes}
        cpu = {name: [] for name, _ in runtimes}
        rss = {name: [] for name, _ in runtimes}
        status = {}
        # Warm-up (untimed): page cache, and an early correctness check.
        for name, prefix in runtimes:
            r = run_once(prefix + [module], args.timeout)
            status[name] = check(r, expected)
            if status[name]:
                failures.append(f"{bench}: {name}: {status[name]}")
                print(f"  {bench}: {name} FAILED warm-up: {status[name]}", file=sys.stderr)
        for i in range(args.runs):
            # Alternate which runtime goes first so neither always runs on a "cooler" machine.
            order = runtimes if i % 2 == 0 else list(reversed(runtimes))
            for name, prefix in order:
                if status[name]:
                    continue
                r = run_once(prefix + [module], args.timeout)
                err = check(r, expected)
                if err:
                    status[name] = err
                    failures.append(f"{bench}: {name} (run {i + 1}): {err}")
                    print(f"  {bench}: {name} FAILED run {i + 1}: {err}", file=sys.stderr)
                    continue
                times[name].append(r.seconds)
                cpu[name].append(r.cpu_seconds)
                rss[name].append(r.maxrss_kb)
        med = {n: (statistics.median(times[n]) if times[n] and not status[n] else None) for n, _ in runtimes}
        rows.append(dict(bench=bench, times=times, cpu=cpu, med=med, status=status,
                         rss={n: (max(rss[n]) if rss[n] else None) for n, _ in runtimes},
                         checksum=expected.strip()))
        p, w = med["pinion"], med["WasmKit"]
        ratio = f"{w / p:.2f}x" if p and w else "—"
        print(f"{bench:14s} pinion {fmt_s(p) if p else status['pinion'] or '—':>10s}   "
              f"WasmKit {fmt_s(w) if w else status['WasmKit'] or '—':>10s}   speed vs WasmKit {ratio}",
              flush=True)

    # Hello world: peak RSS via /usr/bin/time -f %M, plus start-up wall time.
    hello = os.path.join(BUILD_DIR, "hello.wasm")
    hello_exp = open(os.path.join(EXPECTED_DIR, "hello.txt")).read()
    hello_rows = []
    for name, prefix in runtimes:
        kb, err = peak_rss_time(prefix + [hello])
        ts = []
        herr = None
        for _ in range(max(3, args.runs)):
            r = run_once(prefix + [hello], args.timeout)
            herr = check(r, hello_exp)
            if herr:
                break
            ts.append(r.seconds)
        if herr:
            failures.append(f"hello: {name}: {herr}")
        hello_rows.append((name, kb, err or herr, statistics.median(ts) if ts and not herr else None))

    p_size, p_stripped = stripped_size(args.pinion_binary)
    w_size, w_stripped = stripped_size(args.wasmkit_binary)

    # ---------------- report ----------------
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    L = []
    L.append("# Pinion benchmark report")
    L.append("")
    L.append(f"- Date: {now}")
    L.append(f"- Machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, {mem_total()} RAM, "
             f"{platform.system()} {platform.release()} {platform.machine()}")
    L.append(f"- Load average (1/5/15 min) at start: {load_start}, at end: {load_average()} "
             "(other work on the machine inflates wall times; compare the CPU columns too)")
    L.append(f"- Command: `{args.command or ' '.join(shlex.quote(a) for a in sys.argv)}`")
    L.append(f"- pinion: `{args.pinion_cmd} MODULE.wasm`")
    L.append(f"- WasmKit 0.4.2: `{args.wasmkit_cmd} MODULE.wasm`")
    L.append(f"- Runs per runtime and benchmark: {args.runs} timed (alternating), after 1 untimed warm-up; "
             "times are the median wall-clock time of the whole process (start-up included)")
    L.append(f"- Modules: `clang-16 --target=wasm32-wasi --sysroot=/usr -O2` "
             f"({tool_version(['clang-16', '--version'])}); expected checksums from `gcc -O2` natively")
    L.append(f"- Swift: {tool_version(['swift', '--version'])}")
    for note in args.note:
        L.append(f"- {note}")
    L.append("")
    L.append("## Execution time")
    L.append("")
    L.append("| benchmark | pinion (s) | WasmKit (s) | speed vs WasmKit |")
    L.append("|---|---:|---:|---:|")
    ratios = []
    for row in rows:
        p, w = row["med"]["pinion"], row["med"]["WasmKit"]
        pc = fmt_s(p) if p is not None else f"FAIL ({row['status']['pinion']})"
        wc = fmt_s(w) if w is not None else f"FAIL ({row['status']['WasmKit']})"
        if p and w:
            ratios.append(w / p)
            rc = f"{w / p:.2f}x"
        else:
            rc = "—"
        L.append(f"| {row['bench']} | {pc} | {wc} | {rc} |")
    if ratios:
        geo = statistics.geometric_mean(ratios)
        L.append(f"| **geometric mean** | | | **{geo:.2f}x** |")
    L.append("")
    L.append("speed vs WasmKit = WasmKit time / pinion time (higher is faster; 1.00x = same speed).")
    L.append("")
    L.append("<details><summary>Spread, CPU time and peak RSS per benchmark</summary>")
    L.append("")
    L.append("CPU = median user+sys time of the process; less sensitive than wall time to other load on the machine.")
    L.append("")
    L.append("| benchmark | pinion wall min–max (s) | WasmKit wall min–max (s) | pinion CPU (s) | WasmKit CPU (s) "
             "| CPU speed vs WasmKit | pinion peak RSS (KB) | WasmKit peak RSS (KB) |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        def spread(n):
            t = row["times"][n]
            return f"{min(t):.3f}–{max(t):.3f}" if t and not row["status"][n] else "—"
        def r(n):
            v = row["rss"][n]
            return str(v) if v is not None else "—"
        def c(n):
            t = row["cpu"][n]
            return statistics.median(t) if t and not row["status"][n] else None
        cr = f"{c('WasmKit') / c('pinion'):.2f}x" if c("pinion") and c("WasmKit") else "—"
        L.append(f"| {row['bench']} | {spread('pinion')} | {spread('WasmKit')} | {fmt_s(c('pinion'))} "
                 f"| {fmt_s(c('WasmKit'))} | {cr} | {r('pinion')} | {r('WasmKit')} |")
    L.append("")
    L.append("</details>")
    L.append("")
    L.append("## Footprint")
    L.append("")
    L.append("| | pinion | WasmKit |")
    L.append("|---|---:|---:|")
    def hcell(name, idx):
        for n, kb, err, t in hello_rows:
            if n == name:
                if idx == 0:
                    return f"{kb}" if kb is not None else f"n/a ({err})"
                return fmt_s(t) if t is not None else f"n/a ({err})"
    L.append(f"| peak RSS, hello.wasm (KB, `/usr/bin/time -f %M`, min of 3) | {hcell('pinion', 0)} | {hcell('WasmKit', 0)} |")
    L.append(f"| wall time, hello.wasm (s, median) | {hcell('pinion', 1)} | {hcell('WasmKit', 1)} |")
    def sz(s, st):
        if s is None:
            return "n/a"
        return f"{st:,} B ({mib(st)})" if st is not None else f"n/a (strip failed; {s:,} B as built)"
    L.append(f"| executable size, stripped | {sz(p_size, p_stripped)} | {sz(w_size, w_stripped)} |")
    L.append(f"| executable size, as built | {f'{p_size:,} B' if p_size else 'n/a'} | {f'{w_size:,} B' if w_size else 'n/a'} |")
    L.append("")
    L.append("## Checksums (expected stdout, from the native build)")
    L.append("")
    L.append("| benchmark | pinion | WasmKit | expected output |")
    L.append("|---|---|---|---|")
    for row in rows:
        ok = lambda n: "ok" if not row["status"][n] else "FAIL"
        L.append(f"| {row['bench']} | {ok('pinion')} | {ok('WasmKit')} | `{row['checksum']}` |")
    L.append("")
    if failures:
        L.append("## Failures")
        L.append("")
        for f in failures:
            L.append(f"- {f}")
        L.append("")

    text = "\n".join(L)
    with open(args.report, "w") as f:
        f.write(text)
    print()
    print(text)
    print(f"\nreport written to {args.report}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
