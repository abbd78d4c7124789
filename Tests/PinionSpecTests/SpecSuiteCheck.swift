// PinionSpecTests: what the suite tests share: running scripts and holding their failures
// to a known-failures file (every failure listed, every listed entry still failing).
import Foundation
import PinionWast
import XCTest

enum SpecSuiteCheck {
    /// The package root, found from this file's path (Tests/PinionSpecTests/<file>).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$variable`, or `<package root>/../shared/spec-testsuite/<relative>`.
    static func directory(_ variable: String, default relative: String) -> String {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent("../shared/spec-testsuite/\(relative)").standardizedFileURL.path
    }

    static func knownFailuresPath(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/PinionSpecTests/\(name)").path
    }

    static var verbose: Bool {
        ProcessInfo.processInfo.environment["PINION_SPEC_VERBOSE"].map { !$0.isEmpty && $0 != "0" } ?? false
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Fails the test for each failure not in the known-failures file at `path` and for each
    /// entry there that passes now. `key` names a failure as the file does (`script.wast:LINE`).
    /// With `PINION_SPEC_WRITE_KNOWN=FILE` set, the failures are also written to FILE in the
    /// file's format (reason: the failure message), to review and merge by hand.
    static func compare(_ failures: [(key: String, failure: Failure)], knownFailures path: String,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let known = try KnownFailures(path: path)
        for bad in known.malformedLines {
            XCTFail("\(path): cannot parse '\(bad)' (expected `script.wast:LINE  reason`)", file: file, line: line)
        }
        if let out = ProcessInfo.processInfo.environment["PINION_SPEC_WRITE_KNOWN"], !out.isEmpty {
            let text = failures.map { "\($0.key)  \($0.failure.command): \($0.failure.message.prefix(160))" }.joined(separator: "\n")
            try (text + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        let failedKeys = Set(failures.map(\.key))
        let unexpected = failures.filter { known.entries[$0.key] == nil }
        let nowPassing = known.entries.keys.filter { !failedKeys.contains($0) }.sorted()
        if !unexpected.isEmpty {
            print("Unexpected spec failures (\(unexpected.count)):")
            for f in unexpected { print("\(f.key)  \(f.failure.command): \(f.failure.message)") }
            XCTFail("\(unexpected.count) spec commands failed that are not in \(path) (listed above)", file: file, line: line)
        }
        if !nowPassing.isEmpty {
            print("Listed in \(path) but passing now (\(nowPassing.count)):")
            for key in nowPassing { print("\(key)  \(known.entries[key] ?? "")") }
            XCTFail("\(nowPassing.count) entries of \(path) pass now; remove them (listed above)", file: file, line: line)
        }
    }
}
