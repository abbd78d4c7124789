// PinionSpecTests: runs the Wasm 3.0 core spec suite (core-3.0) and the custom-page-sizes
// proposal's scripts, GC, memory64 and SIMD left out as out of scope, and checks their
// failures against known-failures-3.0.txt. Prints counts per group.
import Foundation
import PinionWast
import XCTest

final class Core3SpecTests: XCTestCase {
    /// `$PINION_SPEC_TESTSUITE_3`, or `../shared/spec-testsuite/core-3.0`; the proposal's
    /// scripts are in its `proposals/custom-page-sizes`. Known failures are keyed
    /// `script.wast:LINE`, the proposal's as `custom-page-sizes/script.wast:LINE`.
    func testCore3SpecSuite() throws {
        let directory = SpecSuiteCheck.directory("PINION_SPEC_TESTSUITE_3", default: "core-3.0")
        guard SpecSuiteCheck.isDirectory(directory) else {
            XCTFail("spec test suite not found at \(directory); set PINION_SPEC_TESTSUITE_3 to the core-3.0 directory")
            return
        }
        let pageSizes = "\(directory)/proposals/custom-page-sizes"
        let runner = WastRunner(verbose: SpecSuiteCheck.verbose)
        let core: [ScriptResult], proposal: [ScriptResult]
        do {
            core = try runner.run(paths: [directory]) { _ in }
            proposal = try runner.run(paths: [pageSizes]) { _ in }
        } catch {
            XCTFail("\(error)")
            return
        }
        let failures = core.flatMap(\.failures).map { (key: "\($0.script):\($0.line)", failure: $0) }
            + proposal.flatMap(\.failures).map { (key: "custom-page-sizes/\($0.script):\($0.line)", failure: $0) }
        try SpecSuiteCheck.compare(failures, knownFailures: SpecSuiteCheck.knownFailuresPath("known-failures-3.0.txt"))

        // Counts per group: the out-of-scope groups by script (not run), the rest by command.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".wast") }
        for group in SpecGroup.allCases where !group.isInScope {
            print("core-3.0 \(group): \(names.filter { SpecGroup.of(script: $0) == group }.count) scripts out of scope, not run")
        }
        for (label, results) in [("core-3.0 core", core), ("custom-page-sizes", proposal)] {
            let passed = results.reduce(0) { $0 + $1.passed }
            let failed = results.reduce(0) { $0 + $1.failed }
            let skipped = results.reduce(0) { $0 + $1.skipped }
            print("\(label): \(results.count) scripts: \(passed) passed, \(failed) failed, \(skipped) skipped (commands)")
        }
    }
}
