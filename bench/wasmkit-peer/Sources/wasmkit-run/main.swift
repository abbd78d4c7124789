// Minimal WASI command runner over WasmKit 0.4.2: `wasmkit-run MODULE.wasm [ARGS...]`.
// Mirrors what `wasmkit-cli run` does for a WASI command with no options:
// default Engine configuration, host stdio, no preopens, exit with the guest's exit code.
import WasmKit
import WasmKitWASI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

func printError(_ message: String) {
    var bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

let argv = CommandLine.arguments
guard argv.count >= 2 else {
    printError("usage: wasmkit-run MODULE.wasm [ARGS...]")
    exit(2)
}
let path = argv[1]
do {
    let module = try parseWasm(filePath: path)
    let wasi = try WASIBridgeToHost(args: Array(argv[1...]))
    let exitCode = try wasi.runAndClose { wasi -> UInt32 in
        let engine = Engine()
        let store = Store(engine: engine)
        var imports = Imports()
        wasi.link(to: &imports, store: store)
        let instance = try module.instantiate(store: store, imports: imports)
        return try wasi.start(instance)
    }
    exit(Int32(bitPattern: exitCode))
} catch {
    printError("wasmkit-run: \(error)")
    exit(1)
}
