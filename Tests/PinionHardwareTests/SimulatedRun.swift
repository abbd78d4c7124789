// PinionHardwareTests: running a module on the simulated board the way `pinion run
// --manifest --board sim` does, with its stdout captured.
import Foundation
import PinionHardware
import PinionManifest
import PinionRuntime
import PinionSimulator
import PinionValidation
import PinionWASI
import XCTest

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A fresh simulated board from boards/sim.toml.
func makeSimulator(recordHistory: Bool = true) throws -> SimulatedBoard {
    let board = try SimulatedBoard(try BoardCatalog.load(file: repositoryRoot + "/boards/sim.toml"))
    board.gpio.recordsHistory = recordHistory
    return board
}

/// What a module run produced.
struct ModuleRun {
    var exitCode: Int32
    var stdout: String
    var trap: Trap?
}

/// Runs a command module with a manifest's grants on `simulator` (or on `backends`, e.g.
/// wrappers around the simulator's), then releases its hardware (as `pinion run` does at
/// exit) with `reason`.
func runOnSimulator(_ wasmPath: String, manifest manifestPath: String, simulator: SimulatedBoard,
                    backends: BoardBackends? = nil,
                    arguments: [String] = [], reason: ReleaseReason = .exited,
                    session sessionOut: ((HardwareSession) -> Void)? = nil,
                    beforeStart: ((Instance) -> Void)? = nil) throws -> ModuleRun {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: wasmPath)))
    let manifest = try Manifest.load(manifestPath)
    try manifest.verifyModule(bytes, modulePath: wasmPath, manifestPath: manifestPath)
    let session = try HardwareSession(module: manifest.name, board: simulator.definition,
                                      backends: backends ?? simulator.backends, sections: manifest.extensionSections)
    sessionOut?(session)
    let outPath = NSTemporaryDirectory() + "pinion-hw-\(UUID().uuidString).out"
    let out = open(outPath, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
    defer { close(out); unlink(outPath) }
    let store = Store()
    let wasi = try WASI(configuration: WASIConfiguration(arguments: [wasmPath] + arguments, stdout: out))
    var imports = Imports()
    wasi.define(in: &imports, store: store)
    session.define(in: &imports, store: store)
    let instance = try store.instantiate(try ValidatedModule.load(bytes), imports: imports)
    beforeStart?(instance)
    var run = ModuleRun(exitCode: 0, stdout: "", trap: nil)
    do { run.exitCode = try wasi.start(instance) } catch {
        run.exitCode = 134
        run.trap = error
    }
    session.release(run.trap == nil ? reason : .trapped)
    run.stdout = try String(contentsOfFile: outPath, encoding: .utf8)
    return run
}

/// examples/NAME/NAME.wasm and .toml.
func example(_ name: String) -> (wasm: String, manifest: String) {
    (repositoryRoot + "/examples/\(name)/\(name).wasm", repositoryRoot + "/examples/\(name)/\(name).toml")
}

/// Milliseconds as virtual nanoseconds.
func ms(_ value: Double) -> UInt64 { UInt64((value * 1_000_000).rounded()) }
