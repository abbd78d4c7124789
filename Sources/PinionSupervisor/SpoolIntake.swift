// PinionSupervisor: taking versions out of the spool: verify, admit, install durably,
// then swap. The order makes a crash at any point safe: the entry leaves the spool only
// after the state directory holds the version and the record points at it.
import PinionManifest

extension Supervisor {
    /// Handles every complete entry now in the spool, oldest version of a module first.
    func scanSpool() {
        let entries = spool.entries()
        guard !entries.isEmpty else { return }
        var candidates: [(String, CandidateVersion)] = []
        for entry in entries {
            do { candidates.append((entry, try verifier.load(spool.path(entry)))) } catch {
                reject(entry, name: nil, version: nil, reason: error.description)
            }
        }
        candidates.sort { ($0.1.name, $0.1.version) < ($1.1.name, $1.1.version) }
        for (entry, candidate) in candidates { accept(entry, candidate) }
    }

    private func accept(_ entry: String, _ candidate: CandidateVersion) {
        let existing = modules[candidate.name]
        // The same version delivered again (e.g. the daemon died before removing the
        // entry after installing it, or a push was retried): already done. The verdict
        // does not depend on whether the module happens to be running at this moment.
        if let existing, SemanticVersion(existing.record.current) == candidate.version,
           existing.manifest.moduleSHA256 == candidate.manifest.moduleSHA256 {
            spool.remove(entry)
            spool.writeVerdict(entry: entry, name: candidate.name, version: "\(candidate.version)",
                               verdict: "installed", reason: "already installed, \(existing.state.rawValue)")
            return
        }
        do {
            try verifier.admit(candidate, installed: modules.values.compactMap(\.summary))
        } catch {
            reject(entry, name: candidate.name, version: "\(candidate.version)", reason: error.description)
            return
        }
        let version = candidate.manifest.version
        var record = existing?.record ?? ModuleRecord(name: candidate.name, current: version)
        record.current = version
        do {
            try state.install(name: candidate.name, version: version, files: candidate.files)
            try state.save(record)
        } catch {
            reject(entry, name: candidate.name, version: version, reason: "cannot install: \(error)")
            return
        }
        spool.remove(entry)
        let slot: ModuleSlot
        if let existing {
            slot = existing
            slot.record = record
            slot.update(to: candidate)
        } else {
            slot = ModuleSlot(record: record, version: candidate)
            modules[candidate.name] = slot
        }
        slot.entry = entry
        slot.lastRejection = nil
        slot.restartTimes = []
        slot.failuresInARow = 0
        logger.info("installed\(candidate.signer.map { ", signed by \($0)" } ?? "")", metadata: ["module": "\(candidate.name)", "version": "\(version)", "entry": "\(entry)"])
        if !record.enabled {
            spool.writeVerdict(entry: entry, name: candidate.name, version: version, verdict: "installed", reason: "module is stopped (pinion start \(candidate.name))")
        } else if slot.runner != nil {
            stopRunner(slot, then: .startCurrent, reason: .swapped)
            spool.writeVerdict(entry: entry, name: candidate.name, version: version, verdict: "running", reason: nil)
        } else {
            start(slot)
            spool.writeVerdict(entry: entry, name: candidate.name, version: version, verdict: "running", reason: nil)
        }
    }

    private func reject(_ entry: String, name: String?, version: String?, reason: String) {
        spool.reject(entry, reason: reason)
        spool.writeVerdict(entry: entry, name: name, version: version, verdict: "rejected", reason: reason)
        var metadata: Logger.Metadata = ["entry": "\(entry)"]
        if let name { metadata["module"] = "\(name)" }
        if let version { metadata["version"] = "\(version)" }
        logger.error("rejected: \(LogText.escaped(reason, limit: 1024))", metadata: metadata)
        if let name, let slot = modules[name], let version {
            slot.lastRejection = (version, reason)
        } else {
            rejections.append((entry, reason))
            if rejections.count > 20 { rejections.removeFirst(rejections.count - 20) }
        }
    }
}
import PinionLog
import PinionHardware
