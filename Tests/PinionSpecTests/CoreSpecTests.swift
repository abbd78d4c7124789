// PinionSpecTests: runs the WebAssembly core spec suite (Wasm 2.0, SIMD excluded) and
// checks its failures against known-failures.txt.
import Foundation
import PinionWast
import XCTest

final class CoreSpecTests: XCTestCase {
    /// The package root, found from this file's path (Tests/PinionSpecTests/<file>).
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$PINION_SPEC_TESTSUITE`, or `<package root>/../shared/spec-testsuite/core-2.0`.
    private static var suiteDirectory: String {
        if let path = ProcessInfo.processInfo.environment["PINION_SPEC_TESTSUITE"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent("../shared/spec-testsuite/core-2.0").standardizedFileURL.path
    }

    private static var knownFailuresPath: String {
        packageRoot.appendingPathComponent("Tests/PinionSpecTests/known-failures.txt").path
    }

    /// Every core-2.0 script except simd_*. Set PINION_SPEC_VERBOSE=1 for per-script timing.
    func testCoreSpecSuite() throws {
        let directory = Self.suiteDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            XCTFail("spec test suite not found at \(directory); set PINION_SPEC_TESTSUITE to the core-2.0 directory")
            return
        }
        let known = try KnownFailures(path: Self.knownFailuresPath)
        for line in known.malformedLines {
            XCTFail("known-failures.txt: cannot parse '\(line)' (expected `script.wast:LINE  reason`)")
        }

        let verbose = ProcessInfo.processInfo.environment["PINION_SPEC_VERBOSE"].map { !$0.isEmpty && $0 != "0" } ?? false
        let results: [ScriptResult]
        do {
            results = try WastRunner(verbose: verbose).run(paths: [directory]) { _ in }
        } catch {
            XCTFail("\(error)")
            return
        }

        let failures = results.flatMap(\.failures)
        let failedKeys = Set(failures.map { "\($0.script):\($0.line)" })
        let unexpected = failures.filter { known.entries["\($0.script):\($0.line)"] == nil }
        let nowPassing = known.entries.keys.filter { !failedKeys.contains($0) }.sorted()

        if !unexpected.isEmpty {
            print("Unexpected spec failures (\(unexpected.count)):")
            for f in unexpected { print(f) }
            XCTFail("\(unexpected.count) spec commands failed that are not in known-failures.txt (listed above)")
        }
        if !nowPassing.isEmpty {
            print("Listed in known-failures.txt but passing now (\(nowPassing.count)):")
            for key in nowPassing { print("\(key)  \(known.entries[key] ?? "")") }
            XCTFail("\(nowPassing.count) entries of known-failures.txt pass now; remove them (listed above)")
        }

        let passed = results.reduce(0) { $0 + $1.passed }
        let failed = results.reduce(0) { $0 + $1.failed }
        let skipped = results.reduce(0) { $0 + $1.skipped }
        print("\(results.count) scripts: \(passed) passed, \(failed) failed, \(skipped) skipped (commands)")
    }
}
