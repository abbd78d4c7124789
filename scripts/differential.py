#!/usr/bin/env python3
"""Differential execution of random valid modules: Pinion against wasmtime.

    scripts/differential.py N [--out DIR] [--seed S] [--batch B] [--exceptions]

Makes N modules with `wasm-tools smith --ensure-termination` (every other one also with
`--disallow-traps`, so that calls return results rather than trap early), limited to what Pinion
supports (Wasm 2.0 without SIMD: no threads, exceptions, tail calls, GC, multi-memory,
memory64 or later proposals; with --exceptions, also exception handling: tags, try_table,
throw, throw_ref), no imports, every item exported. Each module is run in
both runtimes: instantiate, then call every exported function in export order on that
one instance with zero arguments. Compared: instantiation (ok, or the trap), each call's
results (NaNs canonicalised: any NaN equals any NaN) or trap code, the exported
globals' final values and the exported memories' final bytes.

A disagreeing module is saved to DIR (default /tmp/pinion-differential) with a .txt
saying what differed; the exit status is 1 if any disagreed. Needs wasm-tools and the
wasmtime Python package (scripts/setup.sh installs both in its venv; source
scripts/env.sh) and .build-fuzz/diff/pinion-diff (built by `fuzz/build.sh diff` if missing or older than the engine's sources; the
environment variable PINION_DIFF_HARNESS names another build of it).
"""
import argparse
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import wasmtime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.environ.get("PINION_DIFF_HARNESS") or os.path.join(ROOT, ".build-fuzz", "diff", "pinion-diff")

# wasm-smith's configuration: Wasm 2.0 minus SIMD, nothing imported, everything exported,
# memories and tables with a declared maximum so that growth fails alike in both runtimes
# (Pinion's budget in pinion-diff is far above 16 MiB).
SMITH_FLAGS = [
    "--ensure-termination", "--fuel", "100000",  # loop iterations and calls, for all calls together
    "--export-everything", "true",
    "--max-imports", "0",
    "--simd-enabled", "false", "--relaxed-simd-enabled", "false",
    "--threads-enabled", "false", "--shared-everything-threads-enabled", "false",
    "--exceptions-enabled", "false", "--tail-call-enabled", "false", "--gc-enabled", "false",
    "--memory64-enabled", "false", "--custom-page-sizes-enabled", "false",
    "--wide-arithmetic-enabled", "false", "--extended-const-enabled", "false",
    "--custom-descriptors-enabled", "false", "--compact-imports-enabled", "false",
    "--max-memories", "1",
    "--reference-types-enabled", "true", "--bulk-memory-enabled", "true",
    "--multi-value-enabled", "true", "--saturating-float-to-int-enabled", "true",
    "--sign-extension-ops-enabled", "true",
    "--memory-max-size-required", "true", "--max-memory32-bytes", str(16 << 20),
    "--table-max-size-required", "true", "--max-table-elements", "1000",
    "--min-funcs", "2",
]


def smith(seed_bytes, path, no_traps, exceptions=False):
    """One module; with no_traps, smith masks addresses and avoids trapping instructions,
    so that calls run to the end and return results to compare."""
    extra = ["--disallow-traps", "true"] if no_traps else []
    flags = list(SMITH_FLAGS)
    if exceptions:
        flags[flags.index("--exceptions-enabled") + 1] = "true"
    subprocess.run(["wasm-tools", "smith", *flags, *extra, "-o", path],
                   input=seed_bytes, check=True, stderr=subprocess.DEVNULL)


def has_function_export(engine, path):
    try:
        module = wasmtime.Module.from_file(engine, path)
    except Exception:  # noqa: BLE001 - the comparison reports it
        return True
    return any(isinstance(e.type, wasmtime.FuncType) for e in module.exports)


def exports_exnref(path):
    """Whether an exported function or global has an exnref in its type: wasmtime-py aborts
    on reading such a type, so the module is not compared (read from `wasm-tools print`)."""
    text = subprocess.run(["wasm-tools", "print", path], capture_output=True, text=True).stdout
    exn_types = {m.group(1) for m in re.finditer(r"^\s*\(type \(;(\d+);\) (.*)$", text, re.M) if "exnref" in m.group(2)}
    exn_funcs = {m.group(1) for m in re.finditer(r"^\s*\(func \(;(\d+);\) \(type (\d+)\)", text, re.M)
                 if m.group(2) in exn_types}
    exn_globals = {m.group(1) for m in re.finditer(r"^\s*\(global \(;(\d+);\) (\(mut )?exnref", text, re.M)}
    for m in re.finditer(r'\(export ".*" \((func|global) (\d+)\)\)', text):
        if m.group(2) in (exn_funcs if m.group(1) == "func" else exn_globals):
            return True
    return False


def canonical(kind, bits):
    """A value's bits as text, any NaN written as nan (its payload and sign may differ)."""
    if kind == "f32" and (bits & 0x7F800000) == 0x7F800000 and bits & 0x007FFFFF:
        return "f32:nan"
    if kind == "f64" and (bits & 0x7FF0000000000000) == 0x7FF0000000000000 and bits & 0x000FFFFFFFFFFFFF:
        return "f64:nan"
    return f"{kind}:{bits:x}"


def from_pinion(value):
    if value in ("null", "ref"):
        return value
    kind, bits = value.split(":")
    return canonical(kind, int(bits, 16))


def from_wasmtime(kind, value):
    """wasmtime-py gives Python ints and floats (references as a Val or a Func); back to
    bit patterns."""
    if isinstance(value, wasmtime.Val):
        value = value.value
    if kind == "i32":
        return canonical("i32", value & 0xFFFFFFFF)
    if kind == "i64":
        return canonical("i64", value & 0xFFFFFFFFFFFFFFFF)
    if kind == "f32":
        return canonical("f32", struct.unpack("<I", struct.pack("<f", value))[0])
    if kind == "f64":
        return canonical("f64", struct.unpack("<Q", struct.pack("<d", value))[0])
    return "null" if value is None else "ref"


def valtype_name(t):
    s = str(t)
    return {"funcref": "funcref", "externref": "externref"}.get(s, s)


def trap_code(error):
    """The wasmtime trap code's name, or the error's text when it is not a trap."""
    if "thrown Wasm exception" in str(error):
        return "UNCAUGHT_EXCEPTION"  # as pinion-diff names Trap.kind .exception
    trap = error if isinstance(error, wasmtime.Trap) else None
    if trap is None and isinstance(error, wasmtime.WasmtimeError):
        return "ERROR: " + str(error).splitlines()[0]
    code = trap.trap_code if trap is not None else None
    return code.name if code is not None else "TRAP: " + str(error).splitlines()[0]


def zero(t):
    name = valtype_name(t)
    if name in ("i32", "i64"):
        return wasmtime.Val.i32(0) if name == "i32" else wasmtime.Val.i64(0)
    if name == "f32":
        return wasmtime.Val.f32(0.0)
    if name == "f64":
        return wasmtime.Val.f64(0.0)
    if name == "funcref":
        return wasmtime.Val.funcref(None)
    return wasmtime.Val.externref(None)


def run_wasmtime(engine, path):
    """The same outcome record pinion-diff prints, from wasmtime."""
    store = wasmtime.Store(engine)
    try:
        module = wasmtime.Module.from_file(engine, path)
    except Exception as e:  # noqa: BLE001 - any rejection is an outcome to compare
        return {"error": str(e).splitlines()[0]}
    try:
        instance = wasmtime.Instance(store, module, [])
    except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
        return {"instantiate": trap_code(e)}
    record = {"instantiate": "ok", "calls": [], "globals": {}, "memories": {}}
    exports = instance.exports(store)
    # Every call first, then the final state: exports are in any order.
    for export in module.exports:
        item = exports[export.name]
        if not isinstance(item, wasmtime.Func):
            continue
        ty = item.type(store)
        try:
            out = item(store, *[zero(p) for p in ty.params])
            # One result comes back bare (a null reference as None), several as a list.
            if len(ty.results) == 0:
                out = []
            elif len(ty.results) == 1:
                out = [out]
            results = [from_wasmtime(valtype_name(t), v) for t, v in zip(ty.results, out)]
            record["calls"].append({"name": export.name, "results": results})
        except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
            record["calls"].append({"name": export.name, "trap": trap_code(e)})
    for export in module.exports:
        item = exports[export.name]
        if isinstance(item, wasmtime.Global):
            kind = valtype_name(item.type(store).content)
            record["globals"][export.name] = from_wasmtime(kind, item.value(store))
        elif isinstance(item, wasmtime.Memory):
            record["memories"][export.name] = bytes(item.read(store, 0, item.data_len(store)))
    return record


def normalise_pinion(record):
    record = dict(record)
    record.pop("file", None)
    for call in record.get("calls", []):
        if "results" in call:
            call["results"] = [from_pinion(v) for v in call["results"]]
    record["globals"] = {k: from_pinion(v) for k, v in record.get("globals", {}).items()}
    memories = {}
    for name, path in record.get("memories", {}).items():
        with open(path, "rb") as f:
            memories[name] = f.read()
        os.unlink(path)
    if "memories" in record:
        record["memories"] = memories
    return record


def harness_is_stale():
    """Whether pinion-diff is missing or older than the engine sources or itself."""
    if not os.access(HARNESS, os.X_OK):
        return True
    built = os.path.getmtime(HARNESS)
    sources = [os.path.join(ROOT, "fuzz", "differential", "DiffRun.swift")]
    for target in ("PinionBinary", "PinionValidation", "PinionRuntime"):
        directory = os.path.join(ROOT, "Sources", target)
        sources += [os.path.join(directory, name) for name in os.listdir(directory)]
    return any(os.path.getmtime(path) > built for path in sources)


def run_pinion(work, paths):
    """pinion-diff's records for `paths`; a module that crashes it gets an error record
    and the modules after it run in a new process."""
    records = []
    while paths:
        proc = subprocess.run([HARNESS, work, *paths], capture_output=True, text=True)
        # Split on \n only: splitlines() also splits at U+0085 and U+2028, which a
        # random export name may contain.
        lines = [line for line in proc.stdout.split("\n") if line]
        records += [normalise_pinion(json.loads(line)) for line in lines]
        if len(lines) == len(paths):
            break
        records.append({"error": f"pinion-diff crashed (status {proc.returncode}): {proc.stderr[-300:]}"})
        paths = paths[len(lines) + 1:]
    return records


def tally(record, seen, traps):
    if record.get("instantiate", "ok") != "ok":
        seen["instantiation traps"] += 1
        traps[record["instantiate"]] = traps.get(record["instantiate"], 0) + 1
    for call in record.get("calls", []):
        seen["calls"] += 1
        if "trap" in call:
            traps[call["trap"]] = traps.get(call["trap"], 0) + 1
        else:
            seen["results"] += len(call["results"])
            seen["nans"] += sum(1 for v in call["results"] if v.endswith(":nan"))
    seen["memory bytes"] += sum(len(m) for m in record.get("memories", {}).values())


def stack_limited(ours, theirs):
    """Whether the runs agree up to the first call that exhausted either runtime's stack.
    The limits differ by design (Pinion: 10,000 frames; wasmtime: 512 KiB of native stack),
    so a deep recursion overflows in one and runs out of smith's fuel (`unreachable`) in
    the other, or overflows in both after different side effects on memory."""
    for a, b in zip(ours.get("calls", []), theirs.get("calls", [])):
        if "STACK_OVERFLOW" in (a.get("trap"), b.get("trap")):
            return True
        if a != b:
            return False
    return False


def differences(ours, theirs):
    """What differs, as short lines; empty when the runs agree."""
    out = []
    if "error" in ours or "error" in theirs:
        if ("error" in ours) != ("error" in theirs):
            out.append(f"load: pinion {ours.get('error', 'ok')!r}, wasmtime {theirs.get('error', 'ok')!r}")
        return out
    if ours.get("instantiate") != theirs.get("instantiate"):
        out.append(f"instantiate: pinion {ours.get('instantiate')}, wasmtime {theirs.get('instantiate')}")
        return out
    for a, b in zip(ours.get("calls", []), theirs.get("calls", [])):
        if a != b:
            out.append(f"call {a['name']}: pinion {a.get('results', a.get('trap'))}, "
                       f"wasmtime {b.get('results', b.get('trap'))}")
    if len(ours.get("calls", [])) != len(theirs.get("calls", [])):
        out.append("different numbers of calls")
    for name in sorted(set(ours.get("globals", {})) | set(theirs.get("globals", {}))):
        a, b = ours["globals"].get(name), theirs["globals"].get(name)
        if a != b:
            out.append(f"global {name}: pinion {a}, wasmtime {b}")
    for name in sorted(set(ours.get("memories", {})) | set(theirs.get("memories", {}))):
        a, b = ours["memories"].get(name), theirs["memories"].get(name)
        if a != b:
            if a is None or b is None or len(a) != len(b):
                out.append(f"memory {name}: sizes pinion {None if a is None else len(a)}, "
                           f"wasmtime {None if b is None else len(b)}")
            else:
                first = next(i for i in range(len(a)) if a[i] != b[i])
                out.append(f"memory {name}: first difference at byte {first} "
                           f"(pinion {a[first]:#04x}, wasmtime {b[first]:#04x})")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many random modules")
    parser.add_argument("--out", default="/tmp/pinion-differential", help="where disagreeing modules go")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--batch", type=int, default=50, help="modules per pinion-diff process")
    parser.add_argument("--exceptions", action="store_true", help="let smith use exception handling")
    args = parser.parse_args()

    if "PINION_DIFF_HARNESS" not in os.environ and harness_is_stale():
        subprocess.run([os.path.join(ROOT, "fuzz", "build.sh"), "diff"], check=True)
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    print(f"differential: {args.n} modules, seed {seed}")
    os.makedirs(args.out, exist_ok=True)

    # Cranelift, and wasmtime's defaults otherwise: NaN payloads are not canonicalised
    # (the comparison does that), the stack is large enough for smith's call depths.
    config = wasmtime.Config()
    config.wasm_exceptions = args.exceptions
    engine = wasmtime.Engine(config)
    work = tempfile.mkdtemp(prefix="pinion-diff-")
    counts = {"agree": 0, "disagree": 0, "both-rejected": 0, "stack-limited": 0}
    classes = {}
    # What the agreeing runs exercised, so that a run that compares nothing shows.
    seen = {"calls": 0, "results": 0, "nans": 0, "memory bytes": 0, "instantiation traps": 0}
    traps = {}
    try:
        done = 0
        while done < args.n:
            batch = []
            for i in range(min(args.batch, args.n - done)):
                path = os.path.join(work, f"m{done + i}.wasm")
                # Every other module avoids traps; smith's input size sets the module's size.
                # smith does not always honour --min-funcs: retry for a module with calls.
                # With exceptions, also for one whose exports wasmtime-py can read (smaller
                # modules, which rarely have an exnref in an export, after ten tries; none
                # is run if those fail too).
                for attempt in range(20):
                    size = rng.randrange(256, 16384) if attempt < 10 else rng.randrange(64, 512)
                    smith(rng.randbytes(size), path, no_traps=(done + i) % 2 == 0, exceptions=args.exceptions)
                    readable = not (args.exceptions and exports_exnref(path))
                    if readable and (attempt >= 10 or has_function_export(engine, path)):
                        break
                if readable:
                    batch.append(path)
            for path, ours in zip(batch, run_pinion(work, batch)):
                theirs = run_wasmtime(engine, path)
                diff = differences(ours, theirs)
                if "error" in ours and "error" in theirs:
                    counts["both-rejected"] += 1
                elif diff and stack_limited(ours, theirs):
                    counts["stack-limited"] += 1
                elif diff:
                    counts["disagree"] += 1
                    key = diff[0].split(":")[0] + ": " + diff[0].split(": ", 1)[1][:60]
                    classes[key] = classes.get(key, 0) + 1
                    name = os.path.join(args.out, f"seed{seed}-{os.path.basename(path)}")
                    shutil.copy(path, name)
                    with open(name + ".txt", "w") as f:
                        f.write("\n".join(diff) + "\n")
                    print(f"DISAGREE {name}: {diff[0]}" + (f" (+{len(diff) - 1} more)" if len(diff) > 1 else ""))
                else:
                    counts["agree"] += 1
                    tally(theirs, seen, traps)
            done += len(batch)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"differential: {counts['agree']} agree, {counts['disagree']} disagree, "
          f"{counts['stack-limited']} differ only after a stack overflow, "
          f"{counts['both-rejected']} rejected by both (of {args.n}; seed {seed})")
    for key, n in sorted(classes.items(), key=lambda kv: -kv[1]):
        print(f"  {n:5d}  {key}")
    print("agreeing runs compared: " + ", ".join(f"{n} {k}" for k, n in seen.items()))
    print("  traps: " + ", ".join(f"{n} {k}" for k, n in sorted(traps.items(), key=lambda kv: -kv[1])))
    sys.exit(1 if counts["disagree"] else 0)


if __name__ == "__main__":
    main()
