// PinionSupervisor: one installed module as the supervisor sees it: its record, its
// current run, and the restart policy's bookkeeping (backoff, intensity, health window).
import PinionManifest

/// What `pinion status` shows for a module.
public enum ModuleState: String, Sendable {
    case running, backoff, failed, stopped
}

final class ModuleSlot {
    var record: ModuleRecord
    /// The current version's manifest.
    var manifest: Manifest
    /// Its grants and memory budget, for admitting other modules' versions.
    var resources: Set<String>
    var memoryBytes: UInt64
    /// The spool entry that delivered the current version (for its verdict file).
    var entry: String?

    var runner: ModuleRunner?
    var state: ModuleState = .stopped
    /// What to do once the stopping runner has ended.
    var afterStop: AfterStop = .nothing
    var restarts = 0
    var lastError: String?
    var lastRejection: (version: String, reason: String)?
    /// Restarts within the intensity period.
    var restartTimes: [Double] = []
    var failuresInARow = 0
    var backoffUntil: Double?
    /// When the current version, still on probation, becomes the last known good.
    var healthDeadline: Double?

    enum AfterStop { case nothing, startCurrent, stayStopped }

    init(record: ModuleRecord, version: CandidateVersion) {
        self.record = record
        self.manifest = version.manifest
        self.resources = version.resources
        self.memoryBytes = version.memoryBytes
    }

    var name: String { record.name }
    var policy: RestartPolicy { manifest.restart }

    func update(to version: CandidateVersion) {
        manifest = version.manifest
        resources = version.resources
        memoryBytes = version.memoryBytes
    }

    var summary: InstalledSummary? {
        SemanticVersion(record.current).map {
            InstalledSummary(name: name, version: $0, resources: resources, memoryBytes: memoryBytes, failedVersions: record.failedVersions)
        }
    }

    /// After a run ended on its own: when to restart it (seconds from now), or nil when
    /// the policy says to leave it (`state` is then `.stopped` or `.failed`).
    func restartDelay(after outcome: RunOutcome, ranFor seconds: Double, now: Double) -> Double? {
        let failure = outcome.isFailure
        let restart: Bool
        switch policy.when {
        case .never: restart = false
        case .onFailure: restart = failure
        case .always: restart = true
        }
        guard restart else {
            state = failure ? .failed : .stopped
            return nil
        }
        if seconds >= policy.healthWindowSeconds { failuresInARow = 0 }
        failuresInARow += 1
        restartTimes = restartTimes.filter { now - $0 < Double(policy.periodSeconds) }
        if restartTimes.count >= policy.maxRestarts {
            state = .failed
            lastError = "\(lastError ?? outcome.description) (gave up: \(restartTimes.count) restarts within \(policy.periodSeconds) s, the most [restart] max_restarts allows)"
            return nil
        }
        restartTimes.append(now)
        restarts += 1
        state = .backoff
        let base = Double(policy.backoffMilliseconds) / 1000
        let delay = min(base * Double(1 << min(failuresInARow - 1, 30)), Double(policy.maxBackoffMilliseconds) / 1000)
        backoffUntil = now + delay
        return delay
    }
}
