// PinionWast: what running spec scripts produces: per-script results, failures, errors.

/// The outcome of one .wast script. Every command counts once: as passed, failed or skipped.
public struct ScriptResult: Sendable {
    /// The script's file name, e.g. "i32.wast".
    public var script: String
    public var passed: Int
    public var failed: Int
    /// Commands the runtime does not attempt: text-format modules (`module quote`, and
    /// text modules in `module`, `assert_malformed` and `assert_invalid`).
    public var skipped: Int
    /// One entry per failed command, in script order.
    public var failures: [Failure]
    /// Wall-clock time for the script, conversion included, in seconds.
    public var seconds: Double

    public init(script: String, passed: Int = 0, failed: Int = 0, skipped: Int = 0,
                failures: [Failure] = [], seconds: Double = 0) {
        self.script = script
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
        self.failures = failures
        self.seconds = seconds
    }
}

/// A command that did not behave as the script expects.
public struct Failure: Sendable, CustomStringConvertible {
    /// The script's file name, e.g. "i32.wast".
    public var script: String
    /// The command's line in the script.
    public var line: Int
    /// The command kind, e.g. "assert_return".
    public var command: String
    /// What went wrong.
    public var message: String

    public init(script: String, line: Int, command: String, message: String) {
        self.script = script
        self.line = line
        self.command = command
        self.message = message
    }

    /// `script.wast:LINE  command: message` (the known-failures file format).
    public var description: String { "\(script):\(line)  \(command): \(message)" }
}

/// Why scripts could not be run at all.
public enum WastError: Error, CustomStringConvertible {
    /// wasm-tools is not installed (the message says how to install it).
    case toolMissing(String)
    /// wasm-tools could not convert the script; `output` is what it printed.
    case conversionFailed(script: String, output: String)
    /// A file or directory could not be read, or a temporary directory not made.
    case io(String)

    public var description: String {
        switch self {
        case .toolMissing(let message): message
        case .conversionFailed(let script, let output): "wasm-tools could not convert \(script):\n\(output)"
        case .io(let message): message
        }
    }
}
