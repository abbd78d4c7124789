// PinionWASITests: bad pointers, bad fds, huge iovec counts, bad flags and missing
// rights get an errno, never a host crash; and nothing is written on the way.
import Foundation
import PinionWASI
import XCTest

final class BadInputTests: XCTestCase {
    func testBadInputGetsErrnos() throws {
        let directory = try Harness.makeScratch("bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for walk in [false, true] {
            let preopen = directory + "/bd\(walk)"
            try FileManager.default.createDirectory(atPath: preopen, withIntermediateDirectories: true)
            let result = try Harness.runPinion(try Harness.compile("bad_input"),
                                               preopens: [WASIPreopen(hostPath: preopen, guestPath: "/bd")], alwaysWalk: walk)
            XCTAssertEqual(result.stdout, "94 checks, 0 failed\n")
            XCTAssertEqual(result.exitCode, 0)
            // Only what the program meant to create: no "new-file", "ok", "s" or "x".
            XCTAssertEqual(Harness.tree(preopen), ["d/", "r.txt size=4 \"\\0\\0\\0\\0\""])
        }
    }
}
