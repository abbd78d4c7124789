// PinionSupervisor: `pinion daemon`. Runs the modules installed in a state directory,
// each on its own thread under its manifest's budgets and grants; installs, verifies and
// hot-swaps versions dropped into a spool directory; restarts and rolls back by policy.
// One thread (the caller of `run`) owns all decisions; runner, spool-watcher, control
// and signal threads only post events to it.
import PinionLog
import PinionHardware
import PinionManifest
import PinionFiles

/// How a daemon is set up (the `pinion daemon` options).
public struct SupervisorConfiguration {
    public var spool: String
    public var state: String
    public var board: BoardDefinition
    /// The board's backends, for checking grants.
    public var backends: BoardBackends
    /// Backends for one run, if each run needs its own (the simulator, whose state is not
    /// shared between threads); nil: every run uses `backends`. The logger carries the
    /// module's name and version.
    public var backendsForRun: ((Logger) throws -> BoardBackends)?
    public var trustedKeys: TrustedKeys?
    /// The sum of all installed modules' memory budgets may not exceed this.
    public var memoryLimit: UInt64?
    /// How often the spool is scanned when inotify says nothing (and without inotify).
    public var pollSeconds: Double = 2

    public init(spool: String, state: String, board: BoardDefinition, backends: BoardBackends,
                trustedKeys: TrustedKeys? = nil, memoryLimit: UInt64? = nil) {
        self.spool = spool
        self.state = state
        self.board = board
        self.backends = backends
        self.trustedKeys = trustedKeys
        self.memoryLimit = memoryLimit
    }
}

/// Something for the supervisor's thread to handle.
enum SupervisorEvent {
    case scanSpool
    case exited(ModuleRunner, RunOutcome)
    case control(ControlRequest)
    case terminate
}

public final class Supervisor: @unchecked Sendable {
    let configuration: SupervisorConfiguration
    let state: StateDirectory
    let spool: SpoolDirectory
    let verifier: VersionVerifier
    let logger: Logger
    private let monitor = Monitor()
    private var events: [SupervisorEvent] = []
    var modules: [String: ModuleSlot] = [:]
    /// Recent rejections of entries that never named a module (unreadable manifests).
    var rejections: [(entry: String, reason: String)] = []
    private var shuttingDown = false
    let startedAt = monotonicSeconds()

    public init(_ configuration: SupervisorConfiguration, logger: Logger = Logger(label: "pinion.daemon")) throws(FileSystemError) {
        self.configuration = configuration
        self.logger = logger
        state = try StateDirectory(configuration.state)
        spool = try SpoolDirectory(configuration.spool)
        verifier = VersionVerifier(board: configuration.board, backends: configuration.backends,
                                   trustedKeys: configuration.trustedKeys, memoryLimit: configuration.memoryLimit)
    }

    /// Hands an event to the supervisor's thread (from any thread).
    func post(_ event: SupervisorEvent) {
        monitor.locked {
            events.append(event)
            monitor.broadcast()
        }
    }

    /// Asks the daemon to stop every module and return from `run` (from any thread).
    public func terminate() { post(.terminate) }

    /// Starts the installed modules, then serves spool, control and run events until
    /// `terminate`; stops every module (outputs to their safe levels) before returning.
    /// `ready` is called once the installed modules are started and the control socket
    /// listens.
    public func run(ready: () -> Void = {}) throws(FileSystemError) {
        let control = try ControlServer(path: state.controlSocket, supervisor: self)
        let watcher = SpoolWatcher(directory: spool.root, pollSeconds: configuration.pollSeconds) { [weak self] in self?.post(.scanSpool) }
        restoreInstalled()
        scanSpool()
        ready()
        let watchdog = SystemdNotifier.watchdogInterval
        var nextWatchdog = monotonicSeconds()
        while true {
            let now = monotonicSeconds()
            if let watchdog, now >= nextWatchdog {
                SystemdNotifier.notify("WATCHDOG=1")
                nextWatchdog = now + watchdog
            }
            for slot in modules.values { tick(slot, now: now) }
            let batch = monitor.locked { () -> [SupervisorEvent] in
                if events.isEmpty {
                    var deadline = nextTimer()
                    if watchdog != nil { deadline = min(deadline ?? nextWatchdog, nextWatchdog) }
                    monitor.wait(until: deadline)
                }
                defer { events.removeAll() }
                return events
            }
            for event in batch {
                switch event {
                case .scanSpool: if !shuttingDown { scanSpool() }
                case .exited(let runner, let outcome): runEnded(runner, outcome)
                case .control(let request): request.reply(handle(request.command))
                case .terminate:
                    if !shuttingDown { beginShutdown() }
                }
            }
            if shuttingDown && modules.values.allSatisfy({ $0.runner == nil }) { break }
        }
        watcher.stop()
        control.stop()
        logger.info("stopped: every module ended, outputs at their safe levels")
    }

    // MARK: Runs

    /// Starts the current version of `slot`.
    func start(_ slot: ModuleSlot) {
        let version = slot.record.current
        var log = logger
        log[metadataKey: "module"] = "\(slot.name)"
        log[metadataKey: "version"] = "\(version)"
        slot.backoffUntil = nil
        slot.state = .running
        slot.healthDeadline = slot.record.lastKnownGood == version ? nil : monotonicSeconds() + slot.policy.healthWindowSeconds
        let backends: BoardBackends
        do { backends = try configuration.backendsForRun?(log) ?? configuration.backends } catch {
            slot.state = .failed
            slot.lastError = "board \(configuration.board.name): \(error)"
            log.error("\(slot.lastError!)")
            return
        }
        slot.runner = ModuleRunner(name: slot.name, version: version, directory: state.versionDirectory(slot.name, version),
                                   cpuShare: slot.manifest.budgets.cpuShare ?? 1, backends: backends, board: configuration.board, logger: log) { [weak self] runner, outcome in
            self?.post(.exited(runner, outcome))
        }
        log.info("started")
    }

    /// A run ended: swap, roll back, restart or leave it, as the slot and policy say.
    private func runEnded(_ runner: ModuleRunner, _ outcome: RunOutcome) {
        runner.join()
        guard let slot = modules[runner.name], slot.runner === runner else { return }
        slot.runner = nil
        var log = logger
        log[metadataKey: "module"] = "\(runner.name)"
        log[metadataKey: "version"] = "\(runner.version)"
        if outcome.isFailure { slot.lastError = outcome.description }
        log.log(level: outcome.isFailure ? .warning : .info, "ended: \(outcome.description)")

        let after = slot.afterStop
        slot.afterStop = .nothing
        if shuttingDown { slot.state = .stopped; return }
        switch after {
        case .startCurrent: start(slot); return
        case .stayStopped: slot.state = .stopped; return
        case .nothing: break
        }
        let now = monotonicSeconds()
        if outcome.isFailure, slot.healthDeadline != nil, let good = slot.record.lastKnownGood, good != runner.version {
            rollBack(slot, from: runner.version, to: good, reason: outcome.description)
            return
        }
        slot.healthDeadline = nil
        if let delay = slot.restartDelay(after: outcome, ranFor: now - runner.startedAt, now: now) {
            log.info("restarting in \(delay) s (restart \(slot.restarts), policy \(slot.policy.when.rawValue))")
        } else if slot.state == .failed {
            log.error("failed: \(slot.lastError ?? outcome.description)")
        }
    }

    /// The current version failed within its health window: record it as bad and run
    /// the last known good version again.
    private func rollBack(_ slot: ModuleSlot, from bad: String, to good: String, reason: String) {
        var record = slot.record
        record.failedVersions.removeAll { $0.version == bad }
        record.failedVersions.append((bad, reason))
        record.current = good
        do {
            let restored = try verifier.load(state.versionDirectory(slot.name, good))
            try state.save(record)
            slot.record = record
            slot.update(to: restored)
        } catch {
            slot.state = .failed
            slot.lastError = "cannot roll back \(bad) to \(good): \(error)"
            logger.error("\(slot.lastError!)", metadata: ["module": "\(slot.name)"])
            return
        }
        slot.lastError = "version \(bad) rolled back to \(good): \(reason)"
        logger.error("rolled back", metadata: ["module": "\(slot.name)", "version": "\(bad)", "to": "\(good)", "reason": "\(LogText.escaped(reason, limit: 512))"])
        if let entry = slot.entry {
            spool.writeVerdict(entry: entry, name: slot.name, version: bad, verdict: "rolled-back", reason: reason)
            slot.entry = nil
        }
        state.prune(record)
        start(slot)
    }

    /// Backoffs that ended and health windows that passed.
    private func tick(_ slot: ModuleSlot, now: Double) {
        if slot.state == .backoff, let until = slot.backoffUntil, now >= until, slot.runner == nil, !shuttingDown {
            start(slot)
        }
        if let deadline = slot.healthDeadline, now >= deadline, slot.runner != nil {
            slot.healthDeadline = nil
            var record = slot.record
            record.lastKnownGood = record.current
            do { try state.save(record) } catch {
                logger.error("cannot record the last known good version: \(error)", metadata: ["module": "\(slot.name)"])
                return
            }
            slot.record = record
            state.prune(record)
            logger.info("healthy: now the last known good version", metadata: ["module": "\(slot.name)", "version": "\(record.current)"])
        }
    }

    /// The earliest backoff end or health deadline.
    private func nextTimer() -> Double? {
        modules.values.flatMap { [$0.state == .backoff ? $0.backoffUntil : nil, $0.runner != nil ? $0.healthDeadline : nil] }
            .compactMap { $0 }.min()
    }

    /// Stops a running module; `then` decides what happens when it has ended.
    func stopRunner(_ slot: ModuleSlot, then: ModuleSlot.AfterStop, reason: ReleaseReason) {
        slot.afterStop = then
        slot.runner?.stop(reason)
    }

    private func beginShutdown() {
        shuttingDown = true
        logger.info("stopping every module")
        for slot in modules.values {
            slot.backoffUntil = nil
            if slot.runner != nil { stopRunner(slot, then: .stayStopped, reason: .stopped) } else if slot.state == .backoff { slot.state = .stopped }
        }
    }

    // MARK: Installed modules

    /// Loads every record and starts the enabled modules. A current version that cannot
    /// be loaded falls back to the last known good one.
    private func restoreInstalled() {
        for record in state.records() {
            var record = record
            var loaded = try? verifier.load(state.versionDirectory(record.name, record.current))
            if loaded == nil, let good = record.lastKnownGood, good != record.current,
               let fallback = try? verifier.load(state.versionDirectory(record.name, good)) {
                logger.error("installed version \(record.current) cannot be loaded; running \(good)", metadata: ["module": "\(record.name)"])
                record.current = good
                try? state.save(record)
                loaded = fallback
            }
            guard let version = loaded else {
                logger.error("no loadable version in \(state.versionDirectory(record.name, record.current))", metadata: ["module": "\(record.name)"])
                continue
            }
            let slot = ModuleSlot(record: record, version: version)
            modules[record.name] = slot
            if record.enabled { start(slot) }
        }
    }
}

extension Supervisor {
    /// Scans the spool now (SIGHUP).
    public func rescan() { post(.scanSpool) }
}
