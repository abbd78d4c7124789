// PinionCLI: attaching hardware to a `pinion run`: board and manifest, the extensions'
// host functions, and releasing lines (outputs to their safe levels) however the run ends.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionLog
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
    /// Loads --manifest, if given, and checks the module against its hash. Exits with
    /// status 2 on a bad manifest or a module that does not match it.
    func loadManifest(modulePath: String, moduleBytes: UnsafeRawBufferPointer) -> Manifest? {
        guard let path = manifest else { return nil }
        do {
            let m = try Manifest.load(path)
            try m.checkFiles(manifestPath: path)
            try m.verifyModule(moduleBytes, modulePath: modulePath, manifestPath: path)
            return m
        } catch { exit("\(error)") }
    }

    /// Loads the board and defines `pinion_gpio` and `pinion_i2c` in `imports` with the
    /// grants of `loaded` (the manifest from `loadManifest`; none: every request is
    /// denied). Does nothing without --manifest and --board. Exits with status 2 on a
    /// bad board.
    func attach(to imports: inout Imports, store: Store, modulePath: String, manifest loaded: Manifest?) throws {
        guard isRequested else { return }
        LoggingSystem.bootstrap { HardwareLogHandler(label: $0) }
        let board: BoardDefinition
        do { board = try BoardSelection.board(self.board) } catch { exit("\(error)") }
        let sections = loaded?.extensionSections ?? [:]
        let moduleName = loaded?.name ?? String(modulePath.split(separator: "/").last ?? Substring(modulePath))
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
