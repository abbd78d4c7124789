// PinionSupervisor: one run of one installed version, on its own thread: WASI with the
// manifest's grants and captured output, its hardware session on the shared board, the
// manifest's budgets; and however the run ends, its lines released at their safe levels.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionLog
import PinionHardware
import PinionManifest
import PinionRuntime
import PinionValidation
import PinionWASI
import PinionFiles

/// How a run ended.
enum RunOutcome: Sendable, Equatable {
    /// `_start` returned or the module called `proc_exit`.
    case exited(Int32)
    /// A trap, an exhausted budget, or a failure to start; the text says which.
    case failed(String)
    /// The supervisor stopped it (stop, swap, shutdown).
    case stopped

    var isFailure: Bool {
        switch self {
        case .exited(let code): code != 0
        case .failed: true
        case .stopped: false
        }
    }

    var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .failed(let why): why
        case .stopped: "stopped"
        }
    }
}

/// Runs one version until it ends or is stopped. Thread-safe: the supervisor calls
/// `stop` and reads the gauges from its own thread.
final class ModuleRunner: @unchecked Sendable {
    let name: String
    let version: String
    let directory: String
    let startedAt = monotonicSeconds()
    private let monitor = Monitor()
    private var stopRequested = false
    private var stopReason = ReleaseReason.stopped
    /// Raised to stop the run; given to the instance before instantiation, so a start
    /// function that loops is stopped too.
    private let interrupt = InterruptFlag()
    /// The manifest's cpu_share, and the CPU time used.
    let cpu: CPUShare
    private var instance: Instance?
    private var session: HardwareSession?
    private var thread: JoinableThread?

    /// Starts the run; `onExit` is called on the run's thread when it ends.
    init(name: String, version: String, directory: String, cpuShare: Double, backends: BoardBackends, board: BoardDefinition,
         logger: Logger, onExit: @escaping @Sendable (ModuleRunner, RunOutcome) -> Void) {
        self.name = name
        self.version = version
        self.directory = directory
        cpu = CPUShare(share: cpuShare)
        let started = JoinableThread { [self] in
            let outcome = run(board: board, backends: backends, logger: logger)
            onExit(self, outcome)
        }
        monitor.locked { thread = started }
        if started == nil { onExit(self, .failed("cannot start a thread: \(systemError(errno))")) }
    }

    /// Asks the run to end: the module traps as interrupted at its next check, blocking
    /// WASI calls and hardware waits return. Safe to call more than once.
    func stop(_ reason: ReleaseReason = .stopped) {
        monitor.locked {
            stopRequested = true
            stopReason = reason
            interrupt.raise()
            session?.requestStop()
        }
    }

    /// Waits for the run's thread to end.
    func join() { monitor.locked { thread }?.join() }

    /// Linear memory in use now, in bytes.
    var memoryInUse: Int { monitor.locked { instance?.memory?.byteCount ?? 0 } }

    private func run(board: BoardDefinition, backends: BoardBackends, logger: Logger) -> RunOutcome {
        let manifest: Manifest
        let module: ValidatedModule
        do {
            manifest = try Manifest.load("\(directory)/\(SpoolDirectory.manifestName)")
            let bytes = try FileSystem.read("\(directory)/\(FileSystem.baseName(manifest.moduleFile))")
            module = try ValidatedModule.load(bytes)
        } catch { return .failed("cannot load \(directory): \(error)") }

        let output: OutputCapture
        do { output = try OutputCapture(logger: logger) } catch { return .failed("\(error)") }
        defer { output.finish() }
        // stdin: a pipe nobody writes to, so a module reading it waits (interruptibly)
        // instead of spinning on end-of-file.
        guard let input = makePipe() else { return .failed("stdin pipe: \(systemError(errno))") }
        defer { close(input.read); close(input.write) }

        let store = Store()
        var imports = Imports()
        let wasi: WASI
        do {
            wasi = try WASI(configuration: WASIConfiguration(
                arguments: [manifest.name] + manifest.wasi.arguments, environment: manifest.wasi.environment,
                stdin: input.read, stdout: output.stdoutWriter, stderr: output.stderrWriter,
                preopens: manifest.wasi.directories.map { WASIPreopen(hostPath: $0.host, guestPath: $0.guest, readOnly: $0.readOnly) }))
        } catch { return .failed("\(error)") }
        wasi.define(in: &imports, store: store)

        let hardware: HardwareSession
        do {
            hardware = try HardwareSession(module: manifest.name, board: board, backends: backends,
                                           sections: manifest.extensionSections, log: DenialLog(module: manifest.name, logger: logger))
        } catch { return .failed("manifest: \(error)") }
        hardware.define(in: &imports, store: store)
        guard monitor.locked({ () -> Bool in session = hardware; return !stopRequested }) else {
            hardware.release(.stopped)
            return .stopped
        }

        var outcome: RunOutcome
        do {
            let flag = interrupt
            interrupt.onPoll = { [cpu] in cpu.poll { flag.isRaised } }
            let created = try store.instantiate(module, imports: imports, budgets: manifest.budgets.runtimeBudgets, interrupt: interrupt)
            monitor.locked { instance = created }
            outcome = .exited(try wasi.start(created))
        } catch let error as InstantiationError {
            if case .trap(let trap) = error, case .exit(let code) = trap.kind { outcome = .exited(code) }
            else { outcome = .failed("\(error)") }
        } catch let trap as Trap {
            outcome = .failed("trap: \(trap)")
        } catch {
            outcome = .failed("\(error)")
        }
        interrupt.onPoll = nil  // the closure holds the flag: break the cycle
        let (stopped, reason) = monitor.locked { (stopRequested, stopReason) }
        if stopped, case .failed = outcome { outcome = .stopped }
        hardware.release(stopped ? reason : (outcome.isFailure ? .trapped : .exited))
        monitor.locked { instance = nil; session = nil }
        store.close()  // frees the instance and its memory (see Store.close)
        return outcome
    }
}
