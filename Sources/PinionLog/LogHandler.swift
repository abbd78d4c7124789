// PinionLog: where log lines go: the handler protocol, the process-wide factory, and the
// default handler (plain lines on stderr).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Writes log events somewhere. A value type: each logger holds its own copy, with the
/// metadata set on that logger.
public protocol LogHandler: Sendable {
    var metadata: Logger.Metadata { get set }
    var logLevel: Logger.Level { get set }
    func log(event: LogEvent)
}

/// The handler factory for `Logger(label:)`.
public enum LoggingSystem {
    /// Installs `factory` for loggers made from now on. Meant to be called once, at start-up,
    /// before other threads log; later calls replace it (tests use that).
    public static func bootstrap(_ factory: @escaping @Sendable (String) -> any LogHandler) {
        current.withLock { $0 = factory }
    }

    static var factory: @Sendable (String) -> any LogHandler { current.withLock { $0 } }

    private static let current = Mutex<@Sendable (String) -> any LogHandler>({ StandardErrorLogHandler(label: $0) })
}

/// `LEVEL label: message key=value ...` on stderr, one write per line.
public struct StandardErrorLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public let label: String

    public init(label: String) { self.label = label }

    public func log(event: LogEvent) {
        var line = "\(event.level) \(label): \(event.message)\(Logger.pairs(event.metadata(over: metadata)))\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
