// PinionSupervisor: what the control socket's commands do, and the status report.
//
// Status JSON (stable; fields are only ever added):
//   {"modules":[{"name":"weather","version":"1.2.0","state":"running","restarts":0,
//                "last_error":null,"uptime_s":12.5,"memory_bytes":131072,
//                "memory_budget_bytes":16777216,"cpu_s":0.42,"cpu_share":0.25,
//                "last_known_good":"1.1.0","failed_versions":[{"version":"1.3.0","reason":"..."}],
//                "last_rejection":null}],
//    "rejections":[{"entry":"x","reason":"..."}], "board":"sim", "uptime_s":60.2}
import PinionJSON
extension Supervisor {
    /// Answers one control command: `status [--json]`, `stop|start|restart NAME`.
    func handle(_ command: [String]) -> String {
        switch command.first {
        case "status": return command.contains("--json") ? statusJSON() + "\n" : statusText()
        case "stop", "start", "restart":
            guard command.count == 2 else { return "error: usage: \(command[0]) NAME\n" }
            guard let slot = modules[command[1]] else {
                return "error: no module named '\(command[1])' (installed: \(modules.keys.sorted().joined(separator: ", ")))\n"
            }
            return control(command[0], slot)
        default:
            return "error: unknown command '\(command.joined(separator: " "))' (status, stop, start, restart)\n"
        }
    }

    private func control(_ verb: String, _ slot: ModuleSlot) -> String {
        var record = slot.record
        record.enabled = verb != "stop"
        if record != slot.record {
            do { try state.save(record) } catch { return "error: \(error)\n" }
            slot.record = record
        }
        slot.backoffUntil = nil
        slot.restartTimes = []
        slot.failuresInARow = 0
        switch verb {
        case "stop":
            if slot.runner != nil { stopRunner(slot, then: .stayStopped, reason: .stopped) } else { slot.state = .stopped }
        case "start":
            if slot.runner == nil { start(slot) }
        default:
            if slot.runner != nil { stopRunner(slot, then: .startCurrent, reason: .stopped) } else { start(slot) }
        }
        logger.info("\(verb) requested", metadata: ["module": "\(slot.name)", "version": "\(slot.record.current)"])
        return "ok: \(verb) \(slot.name)\n"
    }

    func statusJSON() -> String {
        let now = monotonicSeconds()
        let entries = modules.keys.sorted().map { name -> String in
            let slot = modules[name]!
            let tenths = slot.runner.map { Int((now - $0.startedAt) * 10) } ?? 0
            let uptime = "\(tenths / 10).\(tenths % 10)"
            return JSON.object([
                ("name", JSON.quote(name)),
                ("version", JSON.quote(slot.record.current)),
                ("state", JSON.quote(slot.state.rawValue)),
                ("restarts", "\(slot.restarts)"),
                ("last_error", JSON.string(slot.lastError)),
                ("uptime_s", uptime),
                ("memory_bytes", "\(slot.runner?.memoryInUse ?? 0)"),
                ("memory_budget_bytes", "\(slot.memoryBytes)"),
                ("cpu_s", "\(Double(Int((slot.runner?.cpu.cpuSeconds ?? 0) * 1000)) / 1000)"),
                ("cpu_share", "\(slot.manifest.budgets.cpuShare ?? 1)"),
                ("last_known_good", JSON.string(slot.record.lastKnownGood)),
                ("failed_versions", "[" + slot.record.failedVersions.map {
                    JSON.object([("version", JSON.quote($0.version)), ("reason", JSON.quote($0.reason))])
                }.joined(separator: ",") + "]"),
                ("last_rejection", slot.lastRejection.map {
                    JSON.object([("version", JSON.quote($0.version)), ("reason", JSON.quote($0.reason))])
                } ?? "null"),
            ])
        }
        let rejected = rejections.map { JSON.object([("entry", JSON.quote($0.entry)), ("reason", JSON.quote($0.reason))]) }
        return JSON.object([
            ("modules", "[" + entries.joined(separator: ",") + "]"),
            ("rejections", "[" + rejected.joined(separator: ",") + "]"),
            ("board", JSON.quote(configuration.board.name)),
            ("uptime_s", "\(Int(now - startedAt))"),
        ])
    }

    private func statusText() -> String {
        let now = monotonicSeconds()
        var lines = ["MODULE               VERSION      STATE     RESTARTS  UPTIME    MEMORY     LAST ERROR"]
        for name in modules.keys.sorted() {
            let slot = modules[name]!
            let uptime = slot.runner.map { "\(Int(now - $0.startedAt)) s" } ?? "-"
            let memory = slot.runner.map { "\($0.memoryInUse / 1024) KiB" } ?? "-"
            var error = slot.lastError ?? "-"
            if let r = slot.lastRejection { error = "rejected \(r.version): \(r.reason)" }
            lines.append([pad(name, 20), pad(slot.record.current, 12), pad(slot.state.rawValue, 9), pad("\(slot.restarts)", 9),
                          pad(uptime, 9), pad(memory, 10), error].joined(separator: " "))
        }
        for r in rejections { lines.append("rejected spool entry \(r.entry): \(r.reason)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
