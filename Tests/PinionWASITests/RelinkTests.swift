// PinionWASITests: symlinks a program makes stay pointing inside its preopen even after
// it renames them, renames directories holding them, hard-links them, or chains them
// (issue 12, item 6), checked from the host: a host tool following any link below the
// preopen afterwards never lands outside it.
import Foundation
import PinionWASI
import XCTest

final class RelinkTests: XCTestCase {
    private var root = ""
    private var sandbox: String { root + "/sandbox" }

    override func setUpWithError() throws { root = try Harness.makeScratch("relink") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    /// Every symlink below `directory` with where the host's realpath takes it (nil if it dangles).
    private func links(_ directory: String) -> [(String, String?)] {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
        return paths.sorted().compactMap { path in
            var st = stat()
            guard lstat(directory + "/" + path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return nil }
            guard let resolved = realpath(directory + "/" + path, nil) else { return (path, nil) }
            defer { free(resolved) }
            return (path, String(cString: resolved))
        }
    }

    func testMovedLinksStayInside() throws {
        let wasm = try Harness.compile("relink")
        for walk in [false, true] {
            try? FileManager.default.removeItem(atPath: root + "/sandbox")
            try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
            try "SECRET\n".write(toFile: root + "/outside/secret", atomically: false, encoding: .utf8)
            try "X\n".write(toFile: root + "/outside/x", atomically: false, encoding: .utf8)
            let result = try Harness.runPinion(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")],
                                               alwaysWalk: walk)
            XCTAssertEqual(result.stdout, "23 checks, 0 failed\n", "walk=\(walk)")
            let found = links(sandbox)
            XCTAssertEqual(found.map(\.0), ["a2/b/c2/deep", "a2/b/up", "a2/sub/m9-renamed", "a2/sub/s", "dot", "down"],
                           "walk=\(walk)")
            for (link, target) in found {
                if let target {
                    XCTAssertTrue(target == sandbox || target.hasPrefix(sandbox + "/"), "walk=\(walk): \(link) leads to \(target)")
                }
            }
        }
    }
}
