// PinionCLI: the daemon's log: one line per event on stderr (journald adds the time
// under systemd), `pinion: LEVEL: module=NAME version=V: message key=value...`.
import PinionLog

struct DaemonLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String


    func log(event: LogEvent) {
        var all = metadata.merging(event.metadata ?? [:]) { $1 }
        var prefix = ""
        for key in ["module", "version"] {
            if let value = all.removeValue(forKey: key) { prefix += "\(key)=\(value) " }
        }
        let rest = all.keys.sorted().map { " \($0)=\(all[$0]!)" }.joined()
        printError("pinion: \(event.level): \(prefix.isEmpty ? "" : String(prefix.dropLast()) + ": ")\(event.message)\(rest)")
    }
}
