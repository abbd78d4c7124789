// PinionSpecTests: runs the WebAssembly core spec suite (Wasm 2.0, SIMD excluded) and
// checks its failures against known-failures.txt.
import PinionWast
import XCTest

final class CoreSpecTests: XCTestCase {
    /// Every core-2.0 script except simd_*. `$PINION_SPEC_TESTSUITE`, or
    /// `../shared/spec-testsuite/core-2.0`. Set PINION_SPEC_VERBOSE=1 for per-script timing.
    func testCoreSpecSuite() throws {
        let directory = SpecSuiteCheck.directory("PINION_SPEC_TESTSUITE", default: "core-2.0")
        guard SpecSuiteCheck.isDirectory(directory) else {
            XCTFail("spec test suite not found at \(directory); set PINION_SPEC_TESTSUITE to the core-2.0 directory")
            return
        }
        let results: [ScriptResult]
        do {
            results = try WastRunner(verbose: SpecSuiteCheck.verbose).run(paths: [directory]) { _ in }
        } catch {
            XCTFail("\(error)")
            return
        }
        let failures = results.flatMap(\.failures).map { (key: "\($0.script):\($0.line)", failure: $0) }
        try SpecSuiteCheck.compare(failures, knownFailures: SpecSuiteCheck.knownFailuresPath("known-failures.txt"))

        let passed = results.reduce(0) { $0 + $1.passed }
        let failed = results.reduce(0) { $0 + $1.failed }
        let skipped = results.reduce(0) { $0 + $1.skipped }
        print("\(results.count) scripts: \(passed) passed, \(failed) failed, \(skipped) skipped (commands)")
    }
}
