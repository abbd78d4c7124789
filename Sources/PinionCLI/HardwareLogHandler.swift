// PinionCLI: how hardware denials (swift-log) appear on stderr: one plain line each.
import Logging

/// Writes `pinion: LEVEL: module 'NAME': MESSAGE` lines to stderr.
struct HardwareLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let module = all["module"].map { "module '\($0)': " } ?? ""
        let ext = all["extension"].map { "\($0) " } ?? ""
        printError("pinion: \(event.level): \(module)\(ext)\(event.message)")
    }
}
