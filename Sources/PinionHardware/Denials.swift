// PinionHardware: recording and logging requests the grants refuse, within fixed bounds:
// a module can make any number of denied requests with any names, so what is kept, what
// is logged and how often are all limited here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionLog
import Synchronization

/// A request a module made that its manifest does not grant.
public struct Denial: Sendable, Hashable, CustomStringConvertible {
    /// The module's name (from its manifest).
    public var module: String
    /// The extension namespace, e.g. `pinion_gpio`.
    public var namespace: String
    /// What the module asked for, e.g. `open GPIO22 as output` (escaped and cut by
    /// `LogText`, so at most about 4 × `DenialLog.Limits.requestBytes` bytes).
    public var request: String
    public var error: HardwareError

    public init(module: String, namespace: String, request: String, error: HardwareError) {
        self.module = module
        self.namespace = namespace
        self.request = request
        self.error = error
    }

    public var description: String { "module '\(module)' denied \(namespace): \(request): \(error)" }
}

/// Logs denials (at warning level, with the module name and the extension as metadata)
/// and keeps the most recent ones for tests and diagnostics.
///
/// Bounded whatever the module does: request texts are escaped and cut
/// (`Limits.requestBytes`), only the last `Limits.kept` denials are kept, a denial identical
/// to one logged less than `Limits.repeatInterval` ago is counted instead of logged, and at
/// most `Limits.burst` lines are logged at once, refilled at `Limits.linesPerMinute`. The
/// next line logged says how many were suppressed (`(37 similar denials suppressed)`), and
/// `flush()` (called when the session is released) logs what is still pending.
/// Safe to use from several threads.
public final class DenialLog: Sendable {
    /// What a `DenialLog` keeps and logs.
    public struct Limits: Sendable {
        /// Denials kept in `denials` (the most recent ones).
        public var kept = 64
        /// Bytes of a request's text shown before it is cut.
        public var requestBytes = 256
        /// Identical denials are logged at most once per this many nanoseconds.
        public var repeatInterval: UInt64 = 60_000_000_000
        /// Lines that may be logged in a row before the rate applies.
        public var burst = 20
        /// Lines per minute after a burst.
        public var linesPerMinute = 10
        /// Distinct recent denials remembered for the repeat rule.
        public var remembered = 32
        public init() {}
    }

    /// A remembered logged denial: when it was last logged, and how many identical
    /// ones were suppressed since.
    private struct Recent {
        var key: Denial
        var loggedAt: UInt64
        var suppressed: Int
    }

    private struct State {
        var kept: [Denial] = []
        var total = 0
        var suppressed = 0
        var recent: [Recent] = []
        /// Suppressed by the line rate rather than as a repeat: reported as "other".
        var otherPending = 0
        var tokens: Double
        var refilledAt: UInt64?
    }

    public let module: String
    public let limits: Limits
    let logger: Logger
    private let clock: @Sendable () -> UInt64
    private let state: Mutex<State>

    /// A log for `module`. `clock` gives monotonic nanoseconds (replaceable for tests).
    public init(module: String, logger: Logger = Logger(label: "pinion.hardware"), limits: Limits = Limits(),
                clock: @escaping @Sendable () -> UInt64 = DenialLog.monotonicNanoseconds) {
        self.module = module
        self.logger = logger
        self.limits = limits
        self.clock = clock
        state = Mutex(State(tokens: Double(limits.burst)))
    }

    /// The most recent denials (at most `limits.kept`), oldest first.
    public var denials: [Denial] { state.withLock { $0.kept } }
    /// Every denial so far, kept or not.
    public var count: Int { state.withLock { $0.total } }
    /// Denials not logged on a line of their own (repeats and those over the rate).
    public var suppressedCount: Int { state.withLock { $0.suppressed } }

    /// Records a denial and returns its error, so callers can `return log.deny(...)`.
    /// `request` may hold module-controlled text: it is escaped and cut here.
    @discardableResult
    public func deny(_ namespace: String, _ request: String, _ error: HardwareError) -> HardwareError {
        let denial = Denial(module: module, namespace: namespace,
                            request: LogText.escaped(request, limit: limits.requestBytes), error: error)
        let now = clock()
        let line: String? = state.withLock { s in
            s.total += 1
            if s.kept.count >= limits.kept { s.kept.removeFirst(s.kept.count - limits.kept + 1) }
            if limits.kept > 0 { s.kept.append(denial) }
            return lineToLog(denial, now: now, &s)
        }
        if let line { emit(line, namespace) }
        return error
    }

    /// Logs the suppressed counts not yet reported. Called when the module's hardware is
    /// released; logs at most `limits.remembered + 1` lines.
    public func flush() {
        let lines: [(String, String)] = state.withLock { s in
            var lines: [(String, String)] = []
            for i in s.recent.indices where s.recent[i].suppressed > 0 {
                let r = s.recent[i]
                lines.append(("\(r.suppressed) similar denials suppressed: \(r.key.request): \(r.key.error)", r.key.namespace))
                s.recent[i].suppressed = 0
            }
            if s.otherPending > 0 {
                lines.append(("\(s.otherPending) other denials suppressed", ""))
                s.otherPending = 0
            }
            return lines
        }
        for (line, namespace) in lines { emit(line, namespace) }
    }

    /// The line to log for `denial`, or nil when it is suppressed (and counted).
    private func lineToLog(_ denial: Denial, now: UInt64, _ s: inout State) -> String? {
        let index = s.recent.firstIndex { $0.key == denial }
        if let index, now &- s.recent[index].loggedAt < limits.repeatInterval {
            s.recent[index].suppressed += 1
            s.suppressed += 1
            return nil
        }
        // Token bucket for the line rate.
        if let last = s.refilledAt, now > last {
            let refill = Double(now - last) / 60e9 * Double(limits.linesPerMinute)
            s.tokens = min(Double(limits.burst), s.tokens + refill)
        }
        s.refilledAt = now
        guard s.tokens >= 1 else {
            s.otherPending += 1
            s.suppressed += 1
            return nil
        }
        s.tokens -= 1
        var line = "denied: \(denial.request): \(denial.error)"
        if let index {
            if s.recent[index].suppressed > 0 { line += " (\(s.recent[index].suppressed) similar denials suppressed)" }
            s.recent.remove(at: index)
        }
        if s.otherPending > 0 {
            line += " (\(s.otherPending) other denials suppressed)"
            s.otherPending = 0
        }
        s.recent.append(Recent(key: denial, loggedAt: now, suppressed: 0))
        if s.recent.count > limits.remembered {
            // Forget the oldest; its pending count moves to "other" so it is still reported.
            s.otherPending += s.recent.removeFirst().suppressed
        }
        return line
    }

    private func emit(_ message: String, _ namespace: String) {
        var metadata: Logger.Metadata = ["module": "\(LogText.escaped(module, limit: 128))"]
        if !namespace.isEmpty { metadata["extension"] = "\(namespace)" }
        logger.warning("\(message)", metadata: metadata)
    }

    /// Nanoseconds on the monotonic clock (CLOCK_MONOTONIC, not `ContinuousClock`: that
    /// would link Swift concurrency and libdispatch into the executable for one clock).
    @Sendable public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(max(0, ts.tv_sec)) &* 1_000_000_000 &+ UInt64(max(0, ts.tv_nsec))
    }
}
