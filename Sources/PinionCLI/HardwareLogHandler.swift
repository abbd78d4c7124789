// PinionCLI: how hardware denials (PinionLog) appear on stderr: one plain line each.
import PinionLog

/// Writes `pinion: LEVEL: module 'NAME': MESSAGE` lines to stderr.
struct HardwareLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    func log(event: LogEvent) {
        let all = event.metadata(over: metadata)
        let module = all["module"].map { "module '\($0)': " } ?? ""
        let ext = all["extension"].map { "\($0) " } ?? ""
        printError("pinion: \(event.level): \(module)\(ext)\(event.message)")
    }
}
