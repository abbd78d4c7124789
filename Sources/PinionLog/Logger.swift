// PinionLog: the runtime's log lines (hardware denials, the daemon's events, captured
// module output). A small stand-in for swift-log's API, which needs tools 6.2 and costs
// 1.6 MB of RSS in a static binary; the names match it so a handler reads the same.

/// Sends messages, with the metadata set on it and given per message, to its handler.
public struct Logger: Sendable {
    /// How serious a message is; a handler drops those below its `logLevel`.
    public enum Level: String, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error, critical

        public var description: String { rawValue }

        public static func < (a: Level, b: Level) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// Key-value context of a message, e.g. `module` and `version`.
    public typealias Metadata = [String: String]

    /// Who logs (e.g. `pinion.daemon`), passed to the handler factory.
    public let label: String
    /// Where messages go.
    public var handler: any LogHandler

    /// A logger whose handler comes from `LoggingSystem.bootstrap` (stderr by default).
    public init(label: String) {
        self.init(label: label, factory: LoggingSystem.factory)
    }

    /// A logger with its own handler, e.g. one that captures lines in a test.
    public init(label: String, factory: (String) -> any LogHandler) {
        self.label = label
        self.handler = factory(label)
    }

    /// Metadata attached to every message of this logger.
    public subscript(metadataKey key: String) -> String? {
        get { handler.metadata[key] }
        set { handler.metadata[key] = newValue }
    }

    /// Logs `message` at `level` with `metadata` added to the logger's, unless the
    /// handler's level is higher (then `message` is not even built).
    public func log(level: Level, _ message: @autoclosure () -> String, metadata: Metadata? = nil) {
        guard level >= handler.logLevel else { return }
        handler.log(event: LogEvent(level: level, message: message(), metadata: metadata, label: label))
    }

    public func trace(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .trace, message(), metadata: metadata) }
    public func debug(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .debug, message(), metadata: metadata) }
    public func info(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .info, message(), metadata: metadata) }
    public func notice(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .notice, message(), metadata: metadata) }
    public func warning(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .warning, message(), metadata: metadata) }
    public func error(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .error, message(), metadata: metadata) }
    public func critical(_ message: @autoclosure () -> String, metadata: Metadata? = nil) { log(level: .critical, message(), metadata: metadata) }
}

/// One message, as a handler receives it.
public struct LogEvent: Sendable {
    public var level: Logger.Level
    public var message: String
    /// The message's own metadata (the handler holds the logger's).
    public var metadata: Logger.Metadata?
    public var label: String

    /// The handler's metadata with the message's own on top: what the line reports.
    public func metadata(over handlerMetadata: Logger.Metadata) -> Logger.Metadata {
        handlerMetadata.merging(metadata ?? [:]) { $1 }
    }
}

extension Logger {
    /// `metadata` as ` key=value` pairs, sorted by key: the form the handlers print.
    public static func pairs(_ metadata: Metadata) -> String {
        metadata.keys.sorted().map { " \($0)=\(metadata[$0]!)" }.joined()
    }
}
