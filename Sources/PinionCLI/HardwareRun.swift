// PinionCLI: attaching hardware to a `pinion run`: board and manifest, the extensions'
// host functions, and releasing lines (outputs to their safe levels) however the run ends.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import Logging
import PinionHardware
import PinionLinuxHardware
import PinionManifest
import PinionRuntime
import PinionSimulator

/// The hardware of the running module, for the exit and signal handlers (which cannot
/// capture context).
nonisolated(unsafe) private var activeSession: HardwareSession?
nonisolated(unsafe) private var activeSimulator: SimulatedBoard?
nonisolated(unsafe) private var stopSignalled = false

extension HardwareOptions {
    /// Loads the board and manifest, checks the module against the manifest's hash, and
    /// defines `pinion_gpio` and `pinion_i2c` in `imports`. Does nothing without
    /// --manifest and --board. Exits with status 2 on a bad board or manifest.
    func attach(to imports: inout Imports, store: Store, modulePath: String, moduleBytes: [UInt8]) throws {
        guard isRequested else { return }
        LoggingSystem.bootstrap { HardwareLogHandler(label: $0) }
        let board: BoardDefinition
        do { board = try BoardSelection.board(self.board) } catch { exit("\(error)") }
        var sections: [String: ConfigValue] = [:]
        var moduleName = String(modulePath.split(separator: "/").last ?? Substring(modulePath))
        if let path = manifest {
            do {
                let m = try Manifest.load(path)
                try m.verifyModule(moduleBytes, modulePath: modulePath, manifestPath: path)
                sections = m.extensionSections
                moduleName = m.name
                if m.budgets != ManifestBudgets() || m.wasi != WASIGrants() {
                    // `pinion run` sets budgets and WASI from its own options; applying the
                    // manifest's is the supervisor's job (or a later change to `run`).
                    printError("pinion: note: \(path): [budgets] and [wasi] are checked but not applied by `pinion run`; use --fuel, --max-memory, --max-stack, --env")
                }
            } catch { exit("\(error)") }
        }
        let backends: BoardBackends
        do {
            if board.simulated {
                let simulator = try SimulatedBoard(board)
                simulator.gpio.recordsHistory = simTrace
                activeSimulator = simulator
                backends = simulator.backends
                printError("pinion: \(SimulatedBoard.notice)")
            } else {
                backends = try LinuxBoard(board).backends
            }
        } catch { exit("board \(board.name): \(error)") }
        do {
            let session = try HardwareSession(module: moduleName, board: board, backends: backends, sections: sections)
            session.define(in: &imports, store: store)
            activeSession = session
        } catch { exit("manifest \(manifest ?? ""): \(error)") }
        atexit { releaseActiveHardware() }
        for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, stopOnSignal) }
    }

    /// Reports a bad board or manifest and ends the run (status 2, like a bad module).
    private func exit(_ message: String) -> Never {
        printError("pinion: \(message)")
        terminate(PinionExit.loadFailed)
    }
}

/// Releases the module's lines and devices (outputs to their safe levels), and prints
/// the simulator's trace if asked. Runs at exit, whatever ended the run.
private func releaseActiveHardware() {
    guard let session = activeSession else { return }
    activeSession = nil
    session.release(stopSignalled ? .stopped : .exited)
    if let simulator = activeSimulator, simulator.gpio.recordsHistory {
        printError("pinion: sim trace (virtual time, physical levels):")
        for change in simulator.gpio.history { printError("pinion:   \(change)") }
        for (bus, address, device) in simulator.i2c.attached {
            if let expander = device as? MCP23008Model {
                printError("pinion:   I2C bus \(bus) 0x\(String(address, radix: 16)) \(device.model) outputs 0b\(String(expander.outputs, radix: 2))")
            }
        }
    }
}

/// First SIGINT/SIGTERM/SIGHUP: ask the module to stop (it traps as interrupted, and the
/// exit handler releases its hardware). A second one ends pinion at once.
private func stopOnSignal(_ sig: Int32) {
    stopSignalled = true
    activeSession?.requestStop()
    signal(sig, SIG_DFL)
}
