// PinionCLI: the daemon's log: one line per event on stderr (journald adds the time
// under systemd), `pinion: LEVEL: module=NAME version=V: message key=value...`.
import PinionLog

struct DaemonLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    func log(event: LogEvent) {
        var all = event.metadata(over: metadata)
        var prefix = ""
        for key in ["module", "version"] {
            if let value = all.removeValue(forKey: key) { prefix += "\(key)=\(value) " }
        }
        printError("pinion: \(event.level): \(prefix.isEmpty ? "" : String(prefix.dropLast()) + ": ")\(event.message)\(Logger.pairs(all))")
    }
}
