// PinionTestSupport: the reference run under wasmtime (PyPI `wasmtime`) that WASI
// differential tests compare Pinion with.

public enum WasmtimeReference {
    /// A Python script; argv[1] is JSON: module, argv, env [[k, v]], stdin, stdout, stderr,
    /// and optionally dirs [[host, guest, read-only]] and trap_unknown_imports (link missing
    /// imports to trapping stubs, like `pinion run --unknown-imports trap`). Exception
    /// handling is enabled. Prints the exit code: 0, the proc_exit code, or 134 for a trap.
    public static let script = """
    import json, sys
    import wasmtime
    cfg = json.loads(sys.argv[1])
    config = wasmtime.Config()
    config.wasm_exceptions = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.argv = cfg["argv"]
    wasi.env = [(k, v) for k, v in cfg["env"]]
    wasi.stdin_file = cfg["stdin"]
    wasi.stdout_file = cfg["stdout"]
    wasi.stderr_file = cfg["stderr"]
    for host, guest, read_only in cfg.get("dirs", []):
        wasi.preopen_dir(host, guest, not read_only)
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, cfg["module"])
    if cfg.get("trap_unknown_imports"):
        linker.define_unknown_imports_as_traps(module)
    instance = linker.instantiate(store, module)
    try:
        instance.exports(store)["_start"](store)
        code = 0
    except wasmtime.ExitTrap as e:
        code = e.code
    except wasmtime.Trap:
        code = 134
    print(code)
    """
}
