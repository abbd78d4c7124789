// PinionSupervisor: reading the daemon's answer for a spool entry,
// `SPOOL/verdicts/ENTRY.json`: one flat JSON object of strings, e.g.
// {"entry":"weather-1.2.0","name":"weather","version":"1.2.0","verdict":"running","reason":"..."}

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
        guard let fields = Self.stringFields(Array(text.utf8)), let verdict = fields["verdict"] else { return nil }
        self.entry = fields["entry"] ?? ""
        self.name = fields["name"]
        self.version = fields["version"]
        self.verdict = verdict
        self.reason = fields["reason"]
    }

    /// The string-valued members of a flat JSON object (other values are skipped);
    /// nil on anything that is not such an object.
    static func stringFields(_ s: [UInt8]) -> [String: String]? {
        var i = 0
        func skipSpace() { while i < s.count, [0x20, 0x09, 0x0A, 0x0D].contains(s[i]) { i += 1 } }
        func expect(_ c: Character) -> Bool {
            skipSpace()
            guard i < s.count, s[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        func string() -> String? {
            guard expect("\"") else { return nil }
            var out: [UInt8] = []
            while i < s.count {
                let c = s[i]; i += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard i < s.count else { return nil }
                let e = s[i]; i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 4 <= s.count, let code = UInt32(String(decoding: s[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
                    i += 4
                    // Surrogates (outside the BMP) are not expected here: shown as U+FFFD.
                    out += Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
                default: out.append(e)  // \" \\ \/
                }
            }
            return nil
        }
        guard expect("{") else { return nil }
        var fields: [String: String] = [:]
        if expect("}") { return fields }
        repeat {
            guard let key = string(), expect(":") else { return nil }
            skipSpace()
            if i < s.count, s[i] == UInt8(ascii: "\"") {
                guard let value = string() else { return nil }
                fields[key] = value
            } else {
                // A number, true, false or null: skipped.
                while i < s.count, s[i] != UInt8(ascii: ","), s[i] != UInt8(ascii: "}") { i += 1 }
            }
        } while expect(",")
        return expect("}") ? fields : nil
    }
}
