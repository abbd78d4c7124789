// PinionSpecTests: reading known-failures.txt, the list of spec commands expected to fail.
import Foundation

/// Lines of the form `script.wast:LINE  reason`; `#` starts a comment line.
struct KnownFailures {
    /// "script.wast:LINE" -> reason.
    var entries: [String: String] = [:]
    /// Lines that are neither comments nor entries.
    var malformedLines: [String] = []

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let key = String(line.prefix { !$0.isWhitespace })
            let parts = key.split(separator: ":")
            guard parts.count == 2, parts[0].hasSuffix(".wast"), Int(parts[1]) != nil else {
                malformedLines.append(String(rawLine))
                continue
            }
            entries[key] = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
        }
    }
}
