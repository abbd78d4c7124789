#!/usr/bin/env python3
"""Run a WASI (preview1) command module under wasmtime, via the PyPI `wasmtime` package.

    python3 bench/wasmtime_run.py MODULE.wasm [ARGS...]

stdin/stdout/stderr are inherited, argv is [MODULE.wasm, ARGS...], and the process exits
with the guest's exit code (proc_exit or main's return value); a trap exits with 134.
Used by bench/build.sh to cross-check the wasm builds against the native checksums, and as a
stand-in for pinion in bench/run.sh (PINION_CMD="python3 bench/wasmtime_run.py").
Note: wasmtime is a JIT compiler, so its times are not comparable to an interpreter's, and the
Python start-up (~0.1 s) is included in whatever is timed.
"""
import sys

import wasmtime


def main(argv):
    if len(argv) < 2:
        print("usage: wasmtime_run.py MODULE.wasm [ARGS...]", file=sys.stderr)
        return 2
    path = argv[1]
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.argv = [path] + argv[2:]
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, path)
    instance = linker.instantiate(store, module)
    start = instance.exports(store)["_start"]
    try:
        start(store)
    except wasmtime.ExitTrap as e:
        return e.code
    except wasmtime.Trap as e:
        print(f"wasmtime_run: trap: {e}", file=sys.stderr)
        return 134
    return 0


if __name__ == "__main__":
    sys.stdout.flush()
    sys.exit(main(sys.argv))
