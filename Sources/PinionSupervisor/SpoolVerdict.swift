// PinionSupervisor: reading the daemon's answer for a spool entry,
// `SPOOL/verdicts/ENTRY.json`: one flat JSON object of strings, e.g.
// {"entry":"weather-1.2.0","name":"weather","version":"1.2.0","verdict":"running","reason":"..."}
import PinionJSON

/// The daemon's verdict on one delivered entry.
public struct SpoolVerdict: Sendable, Equatable {
    public var entry: String
    public var name: String?
    public var version: String?
    /// "running", "installed", "rejected" or "rolled-back".
    public var verdict: String
    public var reason: String?

    /// Whether the version was taken: it runs, or is installed to run.
    public var isAccepted: Bool { verdict == "running" || verdict == "installed" }

    /// Parses a verdict file's text; nil when it is not a verdict object.
    public init?(json text: String) {
        guard let object = try? JSONValue.parse(text), let verdict = object["verdict"]?.string else { return nil }
        self.entry = object["entry"]?.string ?? ""
        self.name = object["name"]?.string
        self.version = object["version"]?.string
        self.verdict = verdict
        self.reason = object["reason"]?.string
    }
}
